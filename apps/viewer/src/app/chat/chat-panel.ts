/**
 * Local chat in the page: the history (#chat-history) fills from the
 * session's ChatFromSimulator messages, and the chat bar (#chat-bar) sends
 * ChatFromViewer on channel 0. Enter in the world opens the bar, as in the
 * SL viewer; Enter sends (Ctrl+Enter shouts, Shift+Enter whispers, or the
 * bar's choice), Esc leaves it, and either hands the keys back to the world.
 */
import type { AgentSession, MessageBus } from '@slv/net';
import { typingInto } from '../camera/camera-input.ts';
import { chatLineFrom, chatTypeFor, formatChatLine, type ChatLine } from './chat-lines.ts';

/** Lines the history keeps; older ones scroll away for good. */
export const CHAT_HISTORY_LINES = 200;

export interface ChatPanel {
  /** The history, oldest first. */
  readonly lines: readonly ChatLine[];
  /** Sends the bar's text through `session` from now on, and shows the panel. */
  attach(session: AgentSession): void;
}

function child<T extends HTMLElement>(root: HTMLElement, selector: string, type: new () => T): T {
  const found = root.querySelector(selector);
  if (!(found instanceof type)) throw new Error(`index.html: #chat has no ${selector}`);
  return found;
}

/** Wires the chat panel `root` (index.html's #chat) to the engine's bus; `world` gets the keys back after chatting. */
export function createChatPanel(root: HTMLElement, bus: MessageBus, world: HTMLElement): ChatPanel {
  const history = child(root, '#chat-history', HTMLDivElement);
  const bar = child(root, '#chat-bar', HTMLFormElement);
  const input = child(root, '#chat-input', HTMLInputElement);
  const volume = child(root, '#chat-volume', HTMLSelectElement);
  const lines: ChatLine[] = [];
  let session: AgentSession | null = null;

  bus.on('ChatFromSimulator', (r) => {
    const c = r.ChatData;
    const line = chatLineFrom({
      fromName: c.FromNameString(), sourceType: c.SourceType(), chatType: c.ChatType(), audible: c.Audible(), message: c.MessageString(),
    });
    if (line === null) return;
    lines.push(line);
    const row = document.createElement('div');
    row.className = `chat-line chat-${line.kind}`;
    row.textContent = formatChatLine(line);
    history.append(row);
    while (lines.length > CHAT_HISTORY_LINES) {
      lines.shift();
      history.firstElementChild?.remove();
    }
    history.scrollTop = history.scrollHeight;
  });

  const leave = (): void => {
    input.blur();
    world.focus();
  };
  const send = (ctrlKey: boolean, shiftKey: boolean): void => {
    const text = input.value.trim();
    if (text !== '' && session !== null && session.stage === 'connected') {
      const choice = volume.value === 'whisper' || volume.value === 'shout' ? volume.value : 'say';
      session.sendChat(text, 0, chatTypeFor(choice, ctrlKey, shiftKey));
    }
    input.value = '';
    leave();
  };
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      send(event.ctrlKey, event.shiftKey);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      leave();
    }
  });
  // Enter's keydown sends (above); the form's own submit would also fire for the Enter that opened the bar.
  bar.addEventListener('submit', (event) => event.preventDefault());
  window.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || session === null || typingInto(event.target) || root.classList.contains('hidden')) return;
    event.preventDefault();
    input.focus();
  });

  return {
    lines,
    attach: (s) => {
      session = s;
      root.classList.remove('hidden');
    },
  };
}
