// The newslint extension: a thin client that starts `newslint server` over stdio for Markdown
// and plain-text files. Everything the writer sees (diagnostics, quick fixes, hover, fix-all)
// comes from the server; this file only finds the program, passes settings and adds commands.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";

const SECTION = "newslint";
const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append("newslint");
const LANGUAGES = ["markdown", "plaintext"];

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let trace: vscode.LogOutputChannel;
let extensionUri: vscode.Uri;

/** The settings the server reads, as `initializationOptions` and on every change. */
export interface ServerSettings {
  rules: Record<string, { enabled?: boolean; severity?: string }>;
  debounceMs: number;
}

function serverSettings(): ServerSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    rules: config.get<ServerSettings["rules"]>("rules", {}),
    debounceMs: config.get<number>("debounceMs", 75),
  };
}

/** `~`, `${userHome}` and `${workspaceFolder}` are expanded; a relative path is taken from the
 * first workspace folder. */
function expand(configured: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  let p = configured
    .replace(/^~(?=$|[\\/])/, os.homedir())
    .replace(/\$\{userHome\}/g, os.homedir());
  if (folder) {
    p = p.replace(/\$\{workspaceFolder\}/g, folder);
    if (!path.isAbsolute(p) && p.includes(path.sep)) p = path.join(folder, p);
  }
  return p;
}

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (process.platform !== "win32") fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  const exts =
    process.platform === "win32"
      ? (process.env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";")
      : [""];
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/** The program to run, or undefined (after telling the writer what to do) when it is missing. */
async function findServer(): Promise<string | undefined> {
  const configured = vscode.workspace
    .getConfiguration(SECTION)
    .get<string>("path", "")
    .trim();
  let found: string | undefined;
  let problem: string;
  if (configured) {
    const p = expand(configured);
    found = path.isAbsolute(p) ? (isExecutable(p) ? p : undefined) : onPath(p);
    problem = `newslint: the program set in newslint.path was not found or cannot be run: ${p}`;
  } else {
    found = onPath("newslint");
    problem =
      "newslint: the newslint program was not found on PATH, so stories are not being checked.";
  }
  if (found) return found;
  output.error(`${problem} (PATH is ${process.env.PATH ?? "empty"})`);
  const install = "How to install";
  const setPath = "Set newslint.path";
  void vscode.window
    .showErrorMessage(problem, install, setPath)
    .then((choice) => {
      if (choice === install) {
        void showInstallInstructions();
      } else if (choice === setPath) {
        void vscode.commands.executeCommand(
          "workbench.action.openSettings",
          "newslint.path",
        );
      }
    });
  return undefined;
}

/**
 * vscode-languageclient traces the protocol only while its trace channel's log level is Trace,
 * a level users set per channel by hand. This channel takes its level from
 * `newslint.trace.server` instead and writes the trace into the newslint output.
 */
function traceChannel(out: vscode.LogOutputChannel): vscode.LogOutputChannel {
  const level = () =>
    vscode.workspace.getConfiguration(SECTION).get<string>("trace.server", "off") === "off"
      ? vscode.LogLevel.Off
      : vscode.LogLevel.Trace;
  const changed = new vscode.EventEmitter<vscode.LogLevel>();
  const watch = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(`${SECTION}.trace.server`)) changed.fire(level());
  });
  return {
    name: out.name,
    get logLevel() {
      return level();
    },
    onDidChangeLogLevel: changed.event,
    trace: (message) => out.appendLine(message),
    debug: (message, ...args) => out.debug(message, ...args),
    info: (message, ...args) => out.info(message, ...args),
    warn: (message, ...args) => out.warn(message, ...args),
    error: (error, ...args) => out.error(error, ...args),
    append: (value) => out.append(value),
    appendLine: (value) => out.appendLine(value),
    replace: (value) => out.replace(value),
    clear: () => out.clear(),
    show: (preserveFocus?: boolean | vscode.ViewColumn) =>
      out.show(typeof preserveFocus === "boolean" ? preserveFocus : undefined),
    hide: () => out.hide(),
    dispose: () => {
      watch.dispose();
      changed.dispose();
    },
  };
}

/** Opens the extension's README (its first section is "Install") in the Markdown preview; it
 * ships inside the extension, so this works offline. */
async function showInstallInstructions(): Promise<void> {
  // vsce stores the README as readme.md.
  for (const name of ["readme.md", "README.md"]) {
    const readme = vscode.Uri.joinPath(extensionUri, name);
    try {
      await vscode.workspace.fs.stat(readme);
    } catch {
      continue;
    }
    await vscode.commands.executeCommand("markdown.showPreview", readme);
    return;
  }
}

async function start(): Promise<void> {
  const command = await findServer();
  if (!command) return;
  output.info(`starting ${command} server`);
  // No `transport` field: TransportKind.stdio would add `--stdio` to the arguments.
  const serverOptions: ServerOptions = {
    command,
    args: ["server"],
    options: { env: process.env },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: "file", language },
      { scheme: "untitled", language },
    ]),
    initializationOptions: () => serverSettings(),
    outputChannel: output,
    traceOutputChannel: trace,
    middleware: {
      workspace: {
        // The server may ask for its section; answer with the shape it is sent on change, not
        // with the editor-only keys (path, trace).
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) return answers;
          return params.items.map((item, i) =>
            item.section === SECTION ? serverSettings() : answers[i],
          );
        },
      },
    },
  };
  const c = new LanguageClient(SECTION, "newslint", serverOptions, clientOptions);
  client = c;
  try {
    await c.start();
    const info = c.initializeResult?.serverInfo;
    output.info(`started ${info?.name ?? "newslint"} ${info?.version ?? ""}`.trim());
  } catch (e) {
    output.error(`the newslint server did not start: ${String(e)}`);
    void vscode.window
      .showErrorMessage(`newslint: the server did not start (${command} server).`, "Show output")
      .then((choice) => choice && output.show());
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (!c) return;
  try {
    await c.stop(2000);
  } catch (e) {
    output.warn(`stopping the server: ${String(e)}`);
  }
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

/** Applies the server's `source.fixAll.newslint` action to the active story. */
async function fixAll(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !LANGUAGES.includes(editor.document.languageId)) {
    void vscode.window.showInformationMessage(
      "newslint: open a Markdown or plain-text story first.",
    );
    return;
  }
  if (!client?.isRunning()) {
    void vscode.window.showWarningMessage("newslint: the server is not running.");
    return;
  }
  const doc = editor.document;
  const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
  const actions =
    (await vscode.commands.executeCommand<vscode.CodeAction[]>(
      "vscode.executeCodeActionProvider",
      doc.uri,
      whole,
      FIX_ALL_KIND.value,
      10,
    )) ?? [];
  const mine = actions.filter((a) => a.kind && FIX_ALL_KIND.contains(a.kind));
  let applied = false;
  for (const action of mine.slice(0, 1)) {
    if (action.edit) applied = (await vscode.workspace.applyEdit(action.edit)) || applied;
    if (action.command) {
      await vscode.commands.executeCommand(
        action.command.command,
        ...(action.command.arguments ?? []),
      );
      applied = true;
    }
  }
  if (!applied) {
    void vscode.window.showInformationMessage("newslint: no safe fixes to apply in this story.");
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionUri = context.extensionUri;
  // vscode-languageclient 10+ writes through a LogOutputChannel ({ log: true }).
  output = vscode.window.createOutputChannel("newslint", { log: true });
  trace = traceChannel(output);
  context.subscriptions.push(
    output,
    trace,
    vscode.commands.registerCommand("newslint.restart", restart),
    vscode.commands.registerCommand("newslint.fixAll", fixAll),
    vscode.commands.registerCommand("newslint.showOutput", () => output.show()),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration(`${SECTION}.path`)) {
        await restart();
      } else if (
        client?.isRunning() &&
        (e.affectsConfiguration(`${SECTION}.rules`) ||
          e.affectsConfiguration(`${SECTION}.debounceMs`))
      ) {
        await client.sendNotification(DidChangeConfigurationNotification.type, {
          settings: { [SECTION]: serverSettings() },
        });
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}
