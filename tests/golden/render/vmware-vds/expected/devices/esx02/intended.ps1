<#
spangen 0.1.0: intended port mirroring for host esx02 (VMware vSphere Distributed Switch).
Sources: VMware vSphere Networking, Port Mirroring on a vSphere Distributed Switch;
vSphere Web Services API Reference, VMwareVspanSession.
Render-only: run it yourself in PowerShell with VMware PowerCLI.

spangen's inventory names neither the vDS nor the vCenter, so they are
parameters. The sensor VM's capture adapter is one too: a mirror destination
port carries only mirrored traffic, so it must not be the sensor's
management adapter.

All port-mirroring sessions of this host go to vCenter in ONE
ReconfigureDvs_Task carrying the switch's configVersion: they all apply
or none does, and a concurrent change makes the task fail (re-run).
A session that already exists under the same name is edited, not added
twice, so re-running converges. On the vDS, sessions are named
<session>-esx02: the vDS spans several hosts, and spangen numbers
sessions per host.
#>
param(
    # The vSphere Distributed Switch that holds the VMs' ports (not in the inventory).
    [Parameter(Mandatory)] [string] $VDSwitch,
    # The vCenter Server to connect to (not in the inventory).
    [Parameter(Mandatory)] [string] $Server,
    # Label of the sensor VM's capture adapter, e.g. 'Network adapter 2'
    # (needed by vswitch-span and vswitch-destination sessions).
    [string] $SensorAdapter,
    # Uplink port name(s) of the vDS the RSPAN VLAN leaves by, e.g. 'Uplink 1'
    # (destinationPort.uplinkPortName; needed by vswitch-source sessions).
    [string[]] $UplinkPortName
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
if (-not $UplinkPortName) { throw 'spangen: session 1 needs -UplinkPortName' }

Import-Module VMware.VimAutomation.Vds
$viServers = Get-Variable -Scope Global -Name DefaultVIServers -ValueOnly -ErrorAction SilentlyContinue
if (-not ($viServers | Where-Object { $_.Name -eq $Server -and $_.IsConnected })) {
    Connect-VIServer -Server $Server | Out-Null
}
$vds = Get-VDSwitch -Server $Server -Name $VDSwitch

# The one VM called exactly $Name (Get-VM -Name would treat it as a wildcard).
function Get-SpangenVMView([string] $Name) {
    $found = @(Get-View -Server $Server -ViewType VirtualMachine -Filter @{ Name = '^' + [regex]::Escape($Name) + '$' })
    if ($found.Count -ne 1) { throw "spangen: expected one VM named '$Name', found $($found.Count)" }
    return $found[0]
}

# the distributed port keys (backing.port.portKey) of the VM's adapters on
# this vDS; only the adapter labelled $Label when one is given.
function Get-SpangenPortKey([string] $VMName, [string] $Label) {
    $vm = Get-SpangenVMView $VMName
    $keys = @($vm.Config.Hardware.Device | Where-Object {
        $_ -is [VMware.Vim.VirtualEthernetCard] -and
        $_.Backing -is [VMware.Vim.VirtualEthernetCardDistributedVirtualPortBackingInfo] -and
        $_.Backing.Port.SwitchUuid -eq $vds.ExtensionData.Uuid -and
        (-not $Label -or $_.DeviceInfo.Label -eq $Label)
    } | ForEach-Object { $_.Backing.Port.PortKey })
    if ($keys.Count -eq 0) { throw "spangen: VM '$VMName' has no adapter$(if ($Label) { " '$Label'" }) on vDS '$VDSwitch'" }
    return ,[string[]] $keys
}

# VMwareVspanPort from port keys, uplink port names or VLAN ids.
function New-SpangenPort([string[]] $PortKey, [string[]] $Uplink, [int[]] $Vlan) {
    $p = New-Object VMware.Vim.VMwareVspanPort
    if ($PortKey) { $p.PortKey = $PortKey }
    if ($Uplink) { $p.UplinkPortName = $Uplink }
    if ($Vlan) { $p.Vlans = $Vlan }
    return $p
}

$spangenSessions = New-Object System.Collections.Generic.List[VMware.Vim.VMwareVspanSession]

# session 1 (vswitch-source): spangen: DC12 to S1
# remoteMirrorSource: 'CORP DC12' in both directions out of the uplink(s)
# $UplinkPortName in RSPAN VLAN 950; the physical trunk must carry 950.
# The original VLAN tag is stripped, so the RSPAN tag replaces it as on
# Open vSwitch. Mirroring follows the VM after vMotion.
$src = New-Object System.Collections.Generic.List[string]
$src.AddRange([string[]] (Get-SpangenPortKey 'CORP DC12'))
$s = New-Object VMware.Vim.VMwareVspanSession
$s.Name = 'spangen-1-esx02'
$s.Description = 'spangen: DC12 to S1'
$s.SessionType = 'remoteMirrorSource'
$s.Enabled = $true
$s.SourcePortReceived = New-SpangenPort -PortKey $src.ToArray()
$s.SourcePortTransmitted = New-SpangenPort -PortKey $src.ToArray()
$s.DestinationPort = New-SpangenPort -Uplink $UplinkPortName
$s.EncapsulationVlanId = [int] '950'
$s.StripOriginalVlan = $true
$spangenSessions.Add($s)

# one ReconfigureDvs_Task with the current configVersion. Sessions that
# exist under the same name are edited (extra copies removed), others added.
if ($spangenSessions.Count -gt 0) {
    $vds.ExtensionData.UpdateViewData()
    $existing = @($vds.ExtensionData.Config.VspanSession | Where-Object { $_ })
    $ops = New-Object System.Collections.Generic.List[VMware.Vim.VMwareDVSVspanConfigSpec]
    foreach ($s in $spangenSessions) {
        $same = @($existing | Where-Object { $_.Name -eq $s.Name })
        $op = New-Object VMware.Vim.VMwareDVSVspanConfigSpec
        $op.VspanSession = $s
        if ($same.Count -gt 0) {
            $s.Key = $same[0].Key
            $op.Operation = 'edit'
            foreach ($dup in ($same | Select-Object -Skip 1)) {
                $rm = New-Object VMware.Vim.VMwareDVSVspanConfigSpec
                $rm.Operation = 'remove'
                $rm.VspanSession = New-Object VMware.Vim.VMwareVspanSession -Property @{ Key = $dup.Key }
                $ops.Add($rm)
            }
        } else {
            $op.Operation = 'add'
        }
        $ops.Add($op)
    }
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
