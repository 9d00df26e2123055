; Maternity Desk: per-user Windows installer (Inno Setup 6.3 or later). No administrator rights needed.
;
; Built by installer/build.py on Windows after PyInstaller, as:
;   ISCC /DAppVersion=0.1.0 /DAppVersionNumeric=0.1.0.0 /DBundleDir=<repo>\dist\MaternityDesk
;        /DOutDir=<repo>\dist installer\MaternityDesk.iss
; giving dist\MaternityDesk-<version>-setup.exe.
;
; Installs the one-folder build into %LOCALAPPDATA%\Programs\Maternity Desk, adds a Start-menu
; shortcut (and a desktop one if ticked), and registers an uninstaller under the user's
; "Installed apps". The unit's data (database, backups, logs) lives in %LOCALAPPDATA%\MaternityDesk,
; not in the program folder: upgrades never touch it, and the uninstaller keeps it unless the
; user answers Yes twice when asked.

; Compiled without /DAppVersion (e.g. from the Inno Setup IDE): the version is read from
; __version__ = "..." in maternity_desk\__init__.py, as installer/version_info.py does.
#ifndef AppVersion
  #define VersionFile AddBackslash(SourcePath) + "..\maternity_desk\__init__.py"
  #define VersionHandle FileOpen(VersionFile)
  #if !VersionHandle
    #error Cannot read the version from maternity_desk\__init__.py: pass /DAppVersion=...
  #endif
  #define VersionLine ""
  #sub ReadVersionLine
    #define Line FileRead(VersionHandle)
    #if Pos("__version__", Line) == 1 && VersionLine == ""
      #define public VersionLine Line
    #endif
  #endsub
  #for {0; !FileEof(VersionHandle); 0} ReadVersionLine
  #expr FileClose(VersionHandle)
  #define VersionRest Copy(VersionLine, Pos('"', VersionLine) + 1)
  #define AppVersion Copy(VersionRest, 1, Pos('"', VersionRest) - 1)
  #if AppVersion == ""
    #error No __version__ = "..." line in maternity_desk\__init__.py: pass /DAppVersion=...
  #endif
#endif
; Four numbers for the Windows version resource; build.py passes them ('1.2.3rc1' -> 1.2.3.0).
#ifndef AppVersionNumeric
  #define AppVersionNumeric AppVersion
#endif
#pragma message "Maternity Desk " + AppVersion + " (file version " + AppVersionNumeric + ")"
#ifndef BundleDir
  #define BundleDir "..\dist\MaternityDesk"
#endif
#ifndef OutDir
  #define OutDir "..\dist"
#endif

#define AppName "Maternity Desk"
#define AppExe "MaternityDesk.exe"
#define CliExe "maternity-desk-cli.exe"
; maternity_desk.paths.data_dir(): the per-user, non-roaming folder (%LOCALAPPDATA%) for "MaternityDesk"
#define DataFolder "MaternityDesk"
; QSettings (window size and place, last folders) for organisation/application "MaternityDesk"
#define SettingsKey "Software\MaternityDesk"

[Setup]
; The AppId identifies the program across versions: never change it.
AppId={{8C4B1E52-6A1F-4E1B-9F3C-2D7A5B0E9C41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Maternity Desk project
AppComments=Safety-programme records for an NHS maternity unit
VersionInfoVersion={#AppVersionNumeric}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} setup
; Per user, no elevation: the installer never asks for an administrator.
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableWelcomePage=no
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6.8 and later (PySide6 6.11 here) support Windows 10 1809 (build 17763) or later; Qt's
; core also loads Windows' own ICU (icuuc.dll), which older builds of Windows 10 lack.
MinVersion=10.0.17763
OutputDir={#OutDir}
OutputBaseFilename=MaternityDesk-{#AppVersion}-setup
SetupIconFile=..\resources\icon.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Ask a running Maternity Desk to close before its files are replaced.
CloseApplications=yes
RestartApplications=no
ShowLanguageDialog=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole bundle, so no file of an older version is left behind.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; A developer's portable test files are never shipped.
Source: "{#BundleDir}\*"; DestDir: "{app}"; Excludes: "\portable.txt,\data"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "Training, fund, dashboard, improvement, governance and the monthly return"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
function UnitDataDir(): String;
begin
  Result := ExpandConstant('{localappdata}\{#DataFolder}');
end;

{ After the program's files are gone, offer to delete the unit's data too. The default
  answer keeps it; deleting needs two Yes answers; a silent uninstall always keeps it. Data
  beside the program in portable mode is never installed by us and so never removed. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Dir: String;
begin
  if CurUninstallStep <> usPostUninstall then
    exit;
  Dir := UnitDataDir();
  if UninstallSilent() or not DirExists(Dir) then
    exit;
  if MsgBox('{#AppName} has been removed. Your unit''s data has been kept in:' + #13#10#13#10 +
            Dir + #13#10#13#10 +
            'It holds the unit database, its automatic backups and the log files. ' +
            'Keep it if you will install {#AppName} again or still need the records.' + #13#10#13#10 +
            'Delete this data folder as well?',
            mbConfirmation, MB_YESNO or MB_DEFBUTTON2) <> IDYES then
    exit;
  if MsgBox('This permanently deletes the unit database and every backup in' + #13#10 + Dir + #13#10#13#10 +
            'Make sure you have a copy if the records are still needed. Delete now?',
            mbError, MB_YESNO or MB_DEFBUTTON2) <> IDYES then
    exit;
  if not DelTree(Dir, True, True, True) then
    MsgBox('Some files in ' + Dir + ' could not be deleted (is one open in another program?). ' +
           'You can delete the folder yourself.', mbInformation, MB_OK);
  if not RegDeleteKeyIncludingSubkeys(HKEY_CURRENT_USER, '{#SettingsKey}') then
    Log('No window settings to remove under HKCU\{#SettingsKey}');
end;
