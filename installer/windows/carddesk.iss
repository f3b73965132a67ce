; Inno Setup script: one CarddeskSetup.exe for a Windows staff PC.
;   1. on Windows: pyinstaller installer\carddesk.spec --noconfirm --distpath dist --workpath build\pyinstaller
;   2. iscc installer\windows\carddesk.iss         (writes dist\CardDeskSetup-<version>.exe)
; Settings (%APPDATA%\CardDesk), the local database and logs (%LOCALAPPDATA%\CardDesk) and the keyring entries
; (Windows Credential Manager) belong to the user and are never touched by installing, upgrading or uninstalling.
; The version is pyproject.toml's: a release build passes it (iscc /DAppVersion=X.Y.Z); this default is kept
; equal to it by tests/test_installer.py.
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6F0B7F0E-3B7C-4C52-9D55-CA2D0E5C1A01}
AppName=CardDesk 读者证服务台
AppVersion={#AppVersion}
AppPublisher=CardDesk
DefaultDirName={autopf}\CardDesk
DefaultGroupName=CardDesk
OutputDir=..\..\dist
OutputBaseFilename=CardDeskSetup-{#AppVersion}
SetupIconFile=carddesk.ico
UninstallDisplayIcon={app}\carddesk.exe
Compression=lzma2
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
CloseApplications=yes

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\..\dist\carddesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; an upgrade replaces the program folder completely, so no stale library is left beside the new ones
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\CardDesk 读者证服务台"; Filename: "{app}\carddesk.exe"; Parameters: "gui"
Name: "{group}\{cm:UninstallProgram,CardDesk}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\CardDesk 读者证服务台"; Filename: "{app}\carddesk.exe"; Parameters: "gui"; Tasks: desktopicon

[Run]
Filename: "{app}\carddesk.exe"; Parameters: "--self-check"; Flags: runhidden waituntilterminated; StatusMsg: "检查安装 / Checking the installation..."
Filename: "{app}\carddesk.exe"; Parameters: "gui"; Description: "{cm:LaunchProgram,CardDesk}"; Flags: nowait postinstall skipifsilent
