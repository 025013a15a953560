# Build the desktop app on Windows: dist\AKNetStudio\ with AKNetStudio.exe (the window) and aknet.exe (the command
# line). Same steps as scripts/build_app.sh: set up .venv with the build extra and torch pinned, run PyInstaller on
# build.spec, print the size, run the self-test (its output goes to %TEMP%\AKNetStudio.log: the window program has
# no console).
# Usage: powershell -ExecutionPolicy Bypass -File scripts\build_app.ps1 [-NoSetup] [-NoSelfTest] [-Weights FILE]
param([switch]$NoSetup, [switch]$NoSelfTest, [string]$Weights = "")
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")

if (-not $NoSetup) {
    if (-not (Test-Path .venv\Scripts\python.exe)) { python -m venv .venv }
    $torchVersion = if ($env:AKNET_TORCH_VERSION) { $env:AKNET_TORCH_VERSION } else { "2.13.0" }
    .venv\Scripts\python.exe -m pip install --quiet --upgrade pip
    .venv\Scripts\python.exe -m pip install --quiet "torch==$torchVersion"
    .venv\Scripts\python.exe -m pip install --quiet -e ".[build]"
    $python = ".venv\Scripts\python.exe"
} else {
    $python = "python"
}

$started = Get-Date
& $python -m PyInstaller --noconfirm --log-level WARN build.spec
if ($LASTEXITCODE -ne 0) { exit 1 }
Write-Host ("Built dist\AKNetStudio in {0:N0} s" -f ((Get-Date) - $started).TotalSeconds)
& $python packaging\size_report.py dist\AKNetStudio --top 10

if (-not $NoSelfTest) {
    $arguments = @("--self-test")
    if ($Weights) { $arguments += @("--weights", "`"$Weights`"") }  # quoted: Start-Process joins with spaces
    $env:QT_QPA_PLATFORM = "offscreen"
    $process = Start-Process -FilePath dist\AKNetStudio\AKNetStudio.exe -ArgumentList $arguments -Wait -PassThru
    Get-Content (Join-Path $env:TEMP "AKNetStudio.log") -ErrorAction SilentlyContinue
    exit $process.ExitCode
}
