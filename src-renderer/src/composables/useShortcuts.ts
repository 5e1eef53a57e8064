import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';
import { useRouter } from 'vue-router';
import { pages } from '../router/routes';

/** Alt+1..5 jumps to a page. Uses event.code so it works on any keyboard layout (Alt+digit may give other keys). */
export function useNavigationShortcuts(): void {
  const router = useRouter();
  const onKey = (event: KeyboardEvent) => {
    if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const digit = /^Digit(\d)$/.exec(event.code)?.[1];
    const page = pages.find((p) => p.key === digit);
    if (!page) return;
    event.preventDefault();
    void router.push(page.path);
  };
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
}

export function shortcutLabel(key: string): string {
  return `Alt+${key}`;
}

/** Every shortcut, for the help dialog (and so the dialog cannot drift from what the handlers do). */
export const SHORTCUTS: { keys: string; action: string }[] = [
  ...pages.map((p) => ({ keys: shortcutLabel(p.key), action: `Go to ${p.label}` })),
  { keys: 'Ctrl+Enter', action: 'Run the form you are in (or the first form on the page)' },
  { keys: '/', action: 'Focus the search box (History)' },
  { keys: '?', action: 'Show or hide this list' },
  { keys: 'Esc', action: 'Close this list' },
];

/** Typing in a field: single-key shortcuts must not steal the key. */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

/** A form's enabled submit button: Ctrl+Enter presses it as a click would, so a form not ready to run stays put. */
function submitButton(form: HTMLFormElement | null | undefined): HTMLButtonElement | null {
  return form?.querySelector<HTMLButtonElement>('button[type="submit"]:not(:disabled)') ?? null;
}

/**
 * The main actions from the keyboard: Ctrl/Cmd+Enter runs the form that has the focus (or the first visible one in
 * the page), "/" focuses the page's search box, "?" toggles the list of shortcuts. Returns whether the list is open.
 */
export function useActionShortcuts(): { helpOpen: Ref<boolean> } {
  const helpOpen = ref(false);
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.altKey) {
      const active = document.activeElement as HTMLElement | null;
      const visible = Array.from(document.querySelectorAll<HTMLFormElement>('main form')).filter((f) => f.offsetParent !== null);
      const button = submitButton(active?.closest('form')) ?? submitButton(visible[0]);
      if (!button) return;
      event.preventDefault();
      button.click();
      return;
    }
    if (event.key === 'Escape' && helpOpen.value) {
      helpOpen.value = false;
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (event.key === '?') {
      event.preventDefault();
      helpOpen.value = !helpOpen.value;
    } else if (event.key === '/') {
      const search = document.querySelector<HTMLInputElement>('main input[type="search"]');
      if (!search) return;
      event.preventDefault();
      search.focus();
    }
  };
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
  return { helpOpen };
}
