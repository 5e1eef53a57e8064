import { computed, ref, type ComputedRef, type Ref } from 'vue';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'plasticity-lab.theme';

function readChoice(): ThemeChoice {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system';
  }
}

// Module state: there is one document, so one theme (charts and the toggle must agree).
const choice = ref<ThemeChoice>('system');
const systemDark = ref(false);
let initialised = false;

function apply(): void {
  const root = document.documentElement;
  if (choice.value === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', choice.value);
}

function init(): void {
  if (initialised || typeof window === 'undefined') return;
  initialised = true;
  choice.value = readChoice();
  const query = window.matchMedia?.('(prefers-color-scheme: dark)');
  if (query) {
    systemDark.value = query.matches;
    query.addEventListener('change', (event) => { systemDark.value = event.matches; });
  }
  apply();
}

export interface ThemeState {
  choice: Ref<ThemeChoice>;
  /** The theme in effect, resolving "system". */
  theme: ComputedRef<Theme>;
  setChoice(next: ThemeChoice): void;
}

/** Light and dark themes: follows the system unless the user picked one, and remembers that pick. */
export function useTheme(): ThemeState {
  init();
  return {
    choice,
    theme: computed(() => (choice.value === 'system' ? (systemDark.value ? 'dark' : 'light') : choice.value)),
    setChoice(next) {
      choice.value = next;
      try {
        if (next === 'system') localStorage.removeItem(STORAGE_KEY);
        else localStorage.setItem(STORAGE_KEY, next);
      } catch {
        // Storage can be unavailable (private mode); the choice still holds for this session.
      }
      apply();
    },
  };
}
