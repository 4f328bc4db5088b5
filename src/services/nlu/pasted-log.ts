/**
 * An error log pasted into the chat (a Windows "Faulting application name: ... Exception code:
 * 0xc0000005" report, an Event Viewer entry): hundreds of words a machine wrote, of which the
 * model knows a few ("network", "service", "stopped"): it was out of scope, or one such word chose
 * the guides. It is read for what it names instead: a crash on a Windows PC, else only that
 * something went wrong (on a Windows PC, if it is one of its logs, so none of a Mac's guides), which the troubleshooting
 * dialog asks about (which device, or which of the computer's guides).
 */

// What only a machine writes: log fields, hex codes, Windows paths, program files, GUIDs.
const MARKERS = [
  /\b(?:faulting (?:application|module|process)[\w -]*|exception code|fault offset|report id|event id|log name|task category|problem signature|bucket id|bugcheck\w*)\s*:/gi,
  /\b0x[0-9a-f]{4,}\b/gi,
  /\b[a-z]:\\[^\s]+/gi,
  /\b[\w-]+\.(?:exe|dll|sys)\b/gi,
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
];
/** Markers it takes to be a log rather than a user quoting one code ("error 0x80070005 on update"). */
const MIN_MARKERS = 6;
const MIN_LENGTH = 200;
const CRASH = /\b(?:faulting application|exception code|appcrash|bugcheck|stopped working|crash(?:ed|es)?)\b/i;
const WINDOWS = /\b(?:windows|ntdll|kernelbase|[\w-]+\.(?:exe|dll|sys))\b|\b[a-z]:\\/i;

export interface PastedLog {
  /** The user's own words before the log ("my pc keeps crashing, here is the error:"), if any. */
  said: string;
  /** What the log names, in a user's words: "my computer keeps crashing", "something is wrong". */
  reads: string;
}

/** The log pasted in the message, if it is one (see MARKERS), with what it names. */
export function pastedLogIn(text: string): PastedLog | undefined {
  if (text.length < MIN_LENGTH) return undefined;
  const found = MARKERS.flatMap((marker) => [...text.matchAll(marker)]);
  if (found.length < MIN_MARKERS) return undefined;
  const said = text.slice(0, Math.min(...found.map((m) => m.index ?? 0))).trim();
  // A crash of another device's log ("something is wrong") is for the user to say which device.
  // A Windows log says which kind of computer: its guides, not the Mac's ("Mac won't start up").
  const reads = !WINDOWS.test(text) ? 'something is wrong' : CRASH.test(text) ? 'my computer keeps crashing' : 'something is wrong with my windows pc';
  return { said, reads };
}
