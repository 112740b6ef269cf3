<#
spangen 0.1.0: intended port mirroring for Hyper-V host hv01 (Microsoft Hyper-V virtual switch).
Sources: Microsoft Learn, Set-VMNetworkAdapter (-PortMirroring).
Render-only: run it yourself, elevated, on hv01 (or through PowerShell
Remoting) with the Hyper-V module.

Hyper-V has no session objects: an adapter is a mirroring Source or a
Destination on its virtual switch, and each cmdlet applies at once.
To undo exactly, the mode each adapter had before spangen first
changed it is kept in
  %ProgramData%\spangen\hv01-hyperv-port-mirroring.json
which rollback.ps1 reads. Re-running keeps the first recorded values.
#>
param(
    # Name of the sensor VM's capture adapter as Get-VMNetworkAdapter shows it
    # (e.g. 'Mon'); spangen's inventory does not name it. Only that
    # adapter becomes a Destination; every adapter of the DC VM is a Source.
    [string] $SensorAdapter
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
if (-not $SensorAdapter) { throw 'spangen: hv01: -SensorAdapter is required' }

$spangenState = Join-Path $env:ProgramData 'spangen\hv01-hyperv-port-mirroring.json'
$saved = @{}
if (Test-Path -LiteralPath $spangenState) {
    foreach ($p in (Get-Content -Raw -LiteralPath $spangenState | ConvertFrom-Json).PSObject.Properties) {
        $saved[$p.Name] = [string] $p.Value
    }
}

# The adapters of the one VM called exactly $VMName (Get-VM -Name takes
# wildcards); only the adapter called $Name when one is given.
function Get-SpangenAdapter([string] $VMName, [string] $Name) {
    $vm = @(Get-VM | Where-Object { $_.Name -eq $VMName })
    if ($vm.Count -ne 1) { throw "spangen: expected one VM named '$VMName' on this host, found $($vm.Count)" }
    $nics = @(Get-VMNetworkAdapter -VM $vm[0] | Where-Object { -not $Name -or $_.Name -eq $Name })
    if ($nics.Count -eq 0) { throw "spangen: VM '$VMName' has no network adapter$(if ($Name) { " '$Name'" })" }
    return ,$nics
}

# set the port mirroring mode, first recording the adapter's previous
# mode (by adapter Id) unless an earlier run already did.
function Set-SpangenMirroring([string] $VMName, [string] $Name, [string] $Mode) {
    foreach ($nic in (Get-SpangenAdapter $VMName $Name)) {
        if (-not $saved.ContainsKey($nic.Id)) {
            $saved[$nic.Id] = [string] $nic.PortMirroringMode
            New-Item -ItemType Directory -Force -Path (Split-Path -Parent $spangenState) | Out-Null
            $saved | ConvertTo-Json | Set-Content -LiteralPath $spangenState -Encoding UTF8
        }
        Set-VMNetworkAdapter -VMNetworkAdapter $nic -PortMirroring $Mode
    }
}

# session 1 (vswitch-span): spangen: DC14 to S-HV01
# 'CORP-DC14' Source (both directions: there is no rx/tx choice, though no vendor document says so),
# 'MDI-SENSOR-HV01' adapter $SensorAdapter Destination. Both must sit on the same
# virtual switch of this host (from third-party material, not a vendor document); live
# migration of either VM breaks it. Hyper-V pairs Sources and Destinations per virtual switch,
# not per session, so a second Destination on the same switch also receives
# these frames (inferred, not documented).
Set-SpangenMirroring 'CORP-DC14' '' 'Source'
Set-SpangenMirroring 'MDI-SENSOR-HV01' $SensorAdapter 'Destination'
