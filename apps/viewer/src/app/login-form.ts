/**
 * The login form: prefilled from the launcher's /launcher.json (the embedded
 * simulator's login URI and demo account, or just a grid's login URI). It
 * hands the entered values to `onLogin` and shows its failure in place.
 */
import type { LoginCredentials } from '@slv/net';
import type { LauncherConfig } from '../launcher/launcher-config.ts';

export interface LoginRequest {
  loginUri: string;
  credentials: LoginCredentials;
}

export interface LoginForm {
  show(message?: string): void;
  hide(): void;
}

function input(id: string): HTMLInputElement {
  const found = document.getElementById(id);
  if (!(found instanceof HTMLInputElement)) throw new Error(`login form: #${id} is missing from index.html`);
  return found;
}

export function createLoginForm(form: HTMLFormElement, config: LauncherConfig, onLogin: (request: LoginRequest) => Promise<void>): LoginForm {
  const first = input('first');
  const last = input('last');
  const password = input('password');
  const loginUri = input('login-uri');
  const error = document.getElementById('login-error')!;
  const button = document.getElementById('login-button') as HTMLButtonElement;
  first.value = config.first;
  last.value = config.last;
  password.value = config.password;
  loginUri.value = config.loginUri;

  const setBusy = (busy: boolean): void => {
    button.disabled = busy;
    for (const field of [first, last, password, loginUri]) field.disabled = busy;
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.textContent = '';
    setBusy(true);
    onLogin({
      loginUri: loginUri.value.trim(),
      credentials: { first: first.value.trim(), last: last.value.trim(), password: password.value },
    }).then(
      () => setBusy(false),
      (failure: unknown) => {
        setBusy(false);
        error.textContent = failure instanceof Error ? failure.message : String(failure);
      },
    );
  });
  return {
    show: (message) => {
      form.classList.remove('hidden');
      if (message !== undefined) error.textContent = message;
    },
    hide: () => form.classList.add('hidden'),
  };
}
