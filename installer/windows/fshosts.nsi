; The fshosts installer for Windows (NSIS 3, Modern UI 2, Japanese and English), built by
; cmake/package_windows.cmake (`make package-windows`):
;
;   makensis -INPUTCHARSET UTF8 -DFSHOSTS_VERSION=0.1.0 -DFSHOSTS_VERSION_QUAD=0.1.0.0
;            -DFSHOSTS_PUBLISHER=... -DFSHOSTS_URL=... -DFSHOSTS_STAGE=<install staging dir>
;            -DFSHOSTS_LISTS=<dir of install_files.nsh, uninstall_files.nsh> -DFSHOSTS_ICON=...
;            -DFSHOSTS_OUTFILE=<setup.exe> fshosts.nsi
;
; It installs, for all users, into Program Files\fshosts the files of the staging directory in
; the layout the programs look for (core/installed_layout.h): bin\fshosts.exe (and
; bin\fshosts-gui.exe), libexec\fshosts\fshosts-helper.exe, share\locale\<lang>\LC_MESSAGES\*.mo;
; a Start menu entry; the uninstaller and its entry in "Apps" / "Programs and Features".
;
; The uninstaller first looks for an active preview with the installed `fshosts.exe status --json`
; and offers to revert it with `fshosts.exe revert` (without the tool the lines could only be
; removed by hand). Silent (/S): an active preview is reverted; when that fails, or the hosts
; file cannot be checked, nothing is removed and the exit code is 2. docs/windows.md "Installer".

Target amd64-unicode
SetCompressor /SOLID lzma
ManifestDPIAware true
RequestExecutionLevel admin

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "StrFunc.nsh"
${UnStrStr}

!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\fshosts"
!define CLI_RELATIVE "bin\fshosts.exe"
!define GUI_RELATIVE "bin\fshosts-gui.exe"
!define SHORTCUT "$SMPROGRAMS\fshosts.lnk"
; The exit code of an uninstaller that stopped and removed nothing.
!define EXIT_STOPPED 2

Name "fshosts"
OutFile "${FSHOSTS_OUTFILE}"
InstallDir "$PROGRAMFILES64\fshosts"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
ShowInstDetails show
ShowUninstDetails show

; The language chosen at install time, for the uninstaller.
!define MUI_LANGDLL_REGISTRY_ROOT HKLM
!define MUI_LANGDLL_REGISTRY_KEY "${UNINSTALL_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
; Both languages in the choice on every system (by default it lists only those of the system's
; code page).
!define MUI_LANGDLL_ALLLANGUAGES

!define MUI_ICON "${FSHOSTS_ICON}"
!define MUI_UNICON "${FSHOSTS_ICON}"
!define MUI_ABORTWARNING

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the fallback when the system's is neither.
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Japanese"
!insertmacro MUI_RESERVEFILE_LANGDLL

VIProductVersion "${FSHOSTS_VERSION_QUAD}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "fshosts"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${FSHOSTS_VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${FSHOSTS_VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "CompanyName" "${FSHOSTS_PUBLISHER}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "fshosts setup"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "${FSHOSTS_PUBLISHER}"

LangString CheckingPreview ${LANG_ENGLISH} "Checking the hosts file for an active preview..."
LangString CheckingPreview ${LANG_JAPANESE} "hosts ファイルにプレビュー中の設定がないか確認しています..."
LangString NoPreview ${LANG_ENGLISH} "No preview is active."
LangString NoPreview ${LANG_JAPANESE} "プレビュー中の設定はありません。"
LangString NoCli ${LANG_ENGLISH} "${CLI_RELATIVE} is missing: the hosts file cannot be checked for an active preview."
LangString NoCli ${LANG_JAPANESE} "${CLI_RELATIVE} がないため、プレビュー中かどうかを確認できません。"
LangString CheckFailed ${LANG_ENGLISH} "fshosts could not read the hosts file to check for an active preview (see the details). If a preview is active, its lines stay in the hosts file after fshosts is uninstalled.$\r$\n$\r$\nUninstall anyway?"
LangString CheckFailed ${LANG_JAPANESE} "hosts ファイルを読み込めず、プレビュー中かどうかを確認できませんでした（詳細を参照してください）。プレビュー中の場合、アンインストール後も hosts ファイルに fshosts の行が残ります。$\r$\n$\r$\nそれでもアンインストールしますか？"
LangString AskRevert ${LANG_ENGLISH} "A preview is active: fshosts lines in the hosts file still point domains at the preview server on this PC.$\r$\n$\r$\nYes: revert it (the hosts file goes back to how it was before the preview), then uninstall.$\r$\nNo: uninstall and leave the lines in the hosts file.$\r$\nCancel: do not uninstall."
LangString AskRevert ${LANG_JAPANESE} "プレビュー中です。hosts ファイルの fshosts の行により、この PC ではドメインがプレビュー用のサーバーを向いたままです。$\r$\n$\r$\n［はい］プレビューを元に戻して（hosts ファイルをプレビュー前の状態に戻して）からアンインストールします。$\r$\n［いいえ］hosts ファイルの行を残したままアンインストールします。$\r$\n［キャンセル］アンインストールを中止します。"
LangString Reverting ${LANG_ENGLISH} "Reverting the preview..."
LangString Reverting ${LANG_JAPANESE} "プレビューを元に戻しています..."
LangString Reverted ${LANG_ENGLISH} "The preview was reverted: the hosts file is as it was before."
LangString Reverted ${LANG_JAPANESE} "プレビューを元に戻しました。hosts ファイルはプレビュー前の状態です。"
LangString PreviewKept ${LANG_ENGLISH} "The preview was left in the hosts file, as chosen."
LangString PreviewKept ${LANG_JAPANESE} "選択どおり、プレビューの行を hosts ファイルに残しました。"
LangString RevertFailed ${LANG_ENGLISH} "fshosts could not revert the preview (see the details). If you uninstall now, its lines stay in the hosts file and must be removed by hand.$\r$\n$\r$\nUninstall anyway?"
LangString RevertFailed ${LANG_JAPANESE} "プレビューを元に戻せませんでした（詳細を参照してください）。このままアンインストールすると、hosts ファイルの fshosts の行は手で削除する必要があります。$\r$\n$\r$\nそれでもアンインストールしますか？"
; What an exit code of fshosts.exe means (README "Exit codes"). Its own messages are UTF-8, which
; nsExec cannot decode (it shows them garbled), so the details give these instead.
LangString CliExit3 ${LANG_ENGLISH} "fshosts.exe ended with code 3: the fshosts block in the hosts file is damaged or was edited by hand, or another program was changing the file."
LangString CliExit3 ${LANG_JAPANESE} "fshosts.exe の終了コード 3：hosts ファイルの fshosts のブロックが壊れているか手で編集されている、または別のプログラムがファイルを変更中でした。"
LangString CliExit4 ${LANG_ENGLISH} "fshosts.exe ended with code 4: the hosts file could not be changed with administrator rights."
LangString CliExit4 ${LANG_JAPANESE} "fshosts.exe の終了コード 4：管理者権限で hosts ファイルを変更できませんでした。"
LangString CliExit5 ${LANG_ENGLISH} "fshosts.exe ended with code 5: the hosts file could not be read or written."
LangString CliExit5 ${LANG_JAPANESE} "fshosts.exe の終了コード 5：hosts ファイルを読み書きできませんでした。"
LangString CliExitOther ${LANG_ENGLISH} "fshosts.exe ended with code"
LangString CliExitOther ${LANG_JAPANESE} "fshosts.exe の終了コード："
LangString CliDetails ${LANG_ENGLISH} "For fshosts' own explanation run in a command prompt:"
LangString CliDetails ${LANG_JAPANESE} "fshosts 自身による説明は、コマンドプロンプトで次を実行すると表示されます："
LangString Stopped ${LANG_ENGLISH} "Uninstallation stopped: fshosts is still installed. Run $\"fshosts revert$\" (or remove the fshosts lines from the hosts file), then uninstall again."
LangString Stopped ${LANG_JAPANESE} "アンインストールを中止しました。fshosts はインストールされたままです。$\"fshosts revert$\" を実行して（または hosts ファイルから fshosts の行を削除して）から、もう一度アンインストールしてください。"

Function .onInit
  SetShellVarContext all
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Section "fshosts" SecMain
  !include "${FSHOSTS_LISTS}/install_files.nsh"

  SetOutPath "$INSTDIR"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; The Start menu entry: the desktop app, or, until it is part of the build, a console in the
  ; CLI's folder showing its help.
  SetOutPath "$INSTDIR\bin"
  !if /FileExists "${FSHOSTS_STAGE}/bin/fshosts-gui.exe"
    CreateShortCut "${SHORTCUT}" "$INSTDIR\${GUI_RELATIVE}"
    !define DISPLAY_ICON "$INSTDIR\${GUI_RELATIVE}"
  !else
    CreateShortCut "${SHORTCUT}" "$SYSDIR\cmd.exe" '/k ""$INSTDIR\${CLI_RELATIVE}" --help"' "$INSTDIR\${CLI_RELATIVE}"
    !define DISPLAY_ICON "$INSTDIR\${CLI_RELATIVE}"
  !endif

  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "fshosts"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${FSHOSTS_VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${FSHOSTS_PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "URLInfoAbout" "${FSHOSTS_URL}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "${DISPLAY_ICON}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallerLanguage" "$LANGUAGE"
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Function un.onInit
  SetShellVarContext all
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

; Explains in the details why fshosts.exe ARGS ended with EXIT_CODE (not 0).
!macro EXPLAIN_CLI_EXIT EXIT_CODE ARGS
  ${If} ${EXIT_CODE} == 3
    DetailPrint "$(CliExit3)"
  ${ElseIf} ${EXIT_CODE} == 4
    DetailPrint "$(CliExit4)"
  ${ElseIf} ${EXIT_CODE} == 5
    DetailPrint "$(CliExit5)"
  ${Else}
    DetailPrint "$(CliExitOther) ${EXIT_CODE}"
  ${EndIf}
  DetailPrint "$(CliDetails) $\"$INSTDIR\${CLI_RELATIVE}$\" ${ARGS}"
!macroend

; Stops the uninstaller: nothing has been removed yet.
!macro STOP_UNINSTALL
  SetErrorLevel ${EXIT_STOPPED}
  Abort "$(Stopped)"
!macroend

; An active preview is a managed block or a disabled user line in the hosts file. Anything but a
; status that proves there is neither (the output is cut at 1024 characters) counts as active:
; at worst the user is offered a revert that has nothing to do.
Function un.RevertPreview
  IfFileExists "$INSTDIR\${CLI_RELATIVE}" +3
    DetailPrint "$(NoCli)"
    Return
  DetailPrint "$(CheckingPreview)"
  nsExec::ExecToStack '"$INSTDIR\${CLI_RELATIVE}" status --json'
  Pop $0
  Pop $1
  ${If} $0 != 0
    !insertmacro EXPLAIN_CLI_EXIT $0 "status"
    MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "$(CheckFailed)" /SD IDNO IDYES checked
    !insertmacro STOP_UNINSTALL
  ${EndIf}
  ${UnStrStr} $2 $1 '"block": "absent"'
  ${UnStrStr} $3 $1 '"disabled_lines": []'
  ${If} $2 != ""
  ${AndIf} $3 != ""
    DetailPrint "$(NoPreview)"
    Return
  ${EndIf}

  MessageBox MB_YESNOCANCEL|MB_ICONQUESTION "$(AskRevert)" /SD IDYES IDYES revert IDNO keep
  !insertmacro STOP_UNINSTALL
  keep:
    DetailPrint "$(PreviewKept)"
    Return
  revert:
    DetailPrint "$(Reverting)"
    nsExec::Exec '"$INSTDIR\${CLI_RELATIVE}" revert'
    Pop $0
    ${If} $0 == 0
      DetailPrint "$(Reverted)"
      Return
    ${EndIf}
    !insertmacro EXPLAIN_CLI_EXIT $0 "revert"
    MessageBox MB_YESNO|MB_ICONSTOP|MB_DEFBUTTON2 "$(RevertFailed)" /SD IDNO IDYES checked
    !insertmacro STOP_UNINSTALL
  checked:
FunctionEnd

Section "Uninstall"
  Call un.RevertPreview

  !include "${FSHOSTS_LISTS}/uninstall_files.nsh"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "${SHORTCUT}"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
SectionEnd
