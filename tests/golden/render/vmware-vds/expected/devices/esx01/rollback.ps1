<#
spangen 0.1.0: rollback of the port mirroring on host esx01 (VMware vSphere Distributed Switch).
Sources: VMware vSphere Networking, Port Mirroring on a vSphere Distributed Switch;
vSphere Web Services API Reference, VMwareVspanSession.
Removes only what intended.ps1 adds: the vDS port-mirroring sessions named
<session>-esx01, in ONE ReconfigureDvs_Task with the switch's
configVersion, and the DRS rules spangen created. Sessions or rules
already gone are skipped, so running this twice is harmless. The vDS and the
vCenter are parameters: spangen's inventory names neither.
#>
param(
    # The vSphere Distributed Switch that holds the sessions (not in the inventory).
    [Parameter(Mandatory)] [string] $VDSwitch,
    # The vCenter Server to connect to (not in the inventory).
    [Parameter(Mandatory)] [string] $Server
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

Import-Module VMware.VimAutomation.Vds
$viServers = Get-Variable -Scope Global -Name DefaultVIServers -ValueOnly -ErrorAction SilentlyContinue
if (-not ($viServers | Where-Object { $_.Name -eq $Server -and $_.IsConnected })) {
    Connect-VIServer -Server $Server | Out-Null
}
$vds = Get-VDSwitch -Server $Server -Name $VDSwitch
$spangenRemove = New-Object System.Collections.Generic.List[string]

# session 1 (vswitch-span): spangen: DC11 to S1
$spangenRemove.Add('spangen-1-esx01')

# session 2 (vswitch-destination): spangen: DC12 to S1
$spangenRemove.Add('spangen-2-esx01')

# remove every session of those names in one ReconfigureDvs_Task.
$vds.ExtensionData.UpdateViewData()
$ops = New-Object System.Collections.Generic.List[VMware.Vim.VMwareDVSVspanConfigSpec]
foreach ($old in @($vds.ExtensionData.Config.VspanSession | Where-Object { $_ -and $spangenRemove -contains $_.Name })) {
    $rm = New-Object VMware.Vim.VMwareDVSVspanConfigSpec
    $rm.Operation = 'remove'
    $rm.VspanSession = New-Object VMware.Vim.VMwareVspanSession -Property @{ Key = $old.Key }
    $ops.Add($rm)
}
if ($ops.Count -gt 0) {
    $spec = New-Object VMware.Vim.VMwareDVSConfigSpec
    $spec.ConfigVersion = $vds.ExtensionData.Config.ConfigVersion
    $spec.VspanConfigSpec = $ops.ToArray()
    $task = Get-View -Server $Server ($vds.ExtensionData.ReconfigureDvs_Task($spec))
    while ($task.Info.State -eq 'queued' -or $task.Info.State -eq 'running') {
        Start-Sleep -Seconds 1
        $task.UpdateViewData('Info')
    }
    if ($task.Info.State -ne 'success') {
        throw "spangen: ReconfigureDvs_Task failed: $($task.Info.Error.LocalizedMessage)"
    }
}

# affinity spangen-DC11-S1 (cluster prod-a): remove the DRS rule spangen created.
Get-DrsRule -Cluster (Get-Cluster -Server $Server -Name 'prod-a') -Name 'spangen-DC11-S1' -ErrorAction SilentlyContinue |
    Remove-DrsRule -Confirm:$false
