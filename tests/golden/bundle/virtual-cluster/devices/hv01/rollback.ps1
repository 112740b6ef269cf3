<#
spangen 0.1.0: rollback of the port mirroring on Hyper-V host hv01 (Microsoft Hyper-V virtual switch).
Sources: Microsoft Learn, Set-VMNetworkAdapter (-PortMirroring).
Puts back, on exactly the adapters intended.ps1 changed, the mode recorded in
  %ProgramData%\spangen\hv01-hyperv-port-mirroring.json
and -PortMirroring None where that file holds nothing because it is missing.
Adapters already restored are skipped, so running this twice is harmless.
#>
param(
    # The sensor VM's capture adapter name, as given to intended.ps1.
    [string] $SensorAdapter
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
if (-not $SensorAdapter) { throw 'spangen: hv01: -SensorAdapter is required' }

$spangenState = Join-Path $env:ProgramData 'spangen\hv01-hyperv-port-mirroring.json'
$haveState = Test-Path -LiteralPath $spangenState
$saved = @{}
if ($haveState) {
    foreach ($p in (Get-Content -Raw -LiteralPath $spangenState | ConvertFrom-Json).PSObject.Properties) {
        $saved[$p.Name] = [string] $p.Value
    }
}

# give each adapter of the VM (only the one called $Name when given)
# its recorded mode back; None if no record file exists at all. A VM that is
# gone is reported and skipped.
function Restore-SpangenMirroring([string] $VMName, [string] $Name) {
    $vm = @(Get-VM | Where-Object { $_.Name -eq $VMName })
    if ($vm.Count -ne 1) { Write-Warning "spangen: expected one VM named '$VMName' on this host, found $($vm.Count); skipped"; return }
    foreach ($nic in @(Get-VMNetworkAdapter -VM $vm[0] | Where-Object { -not $Name -or $_.Name -eq $Name })) {
        if ($saved.ContainsKey($nic.Id)) {
            Set-VMNetworkAdapter -VMNetworkAdapter $nic -PortMirroring $saved[$nic.Id]
            $saved.Remove($nic.Id)
        } elseif (-not $haveState) {
            Set-VMNetworkAdapter -VMNetworkAdapter $nic -PortMirroring None
        }
    }
}

# session 1 (vswitch-span): spangen: DC14 to S-HV01
Restore-SpangenMirroring 'CORP-DC14' ''
Restore-SpangenMirroring 'MDI-SENSOR-HV01' $SensorAdapter

if ($haveState) {
    if ($saved.Count -gt 0) {
        $saved | ConvertTo-Json | Set-Content -LiteralPath $spangenState -Encoding UTF8
    } else {
        Remove-Item -LiteralPath $spangenState
    }
}
