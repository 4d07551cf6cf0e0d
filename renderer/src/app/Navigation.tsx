// Provides the current route and the navigate/back functions to every screen.
import { createContext, useContext, useMemo, useReducer, type ReactNode } from 'react';
import { currentRoute, initialNavigation, navigationReducer, type Route } from './routes';

export interface Navigation {
  readonly route: Route;
  readonly canGoBack: boolean;
  /** The route that `back()` returns to. */
  readonly previous: Route | null;
  navigate(route: Route): void;
  replace(route: Route): void;
  back(): void;
  home(): void;
}

const NavigationContext = createContext<Navigation | null>(null);

export function NavigationProvider({ children }: { readonly children: ReactNode }) {
  const [state, dispatch] = useReducer(navigationReducer, initialNavigation);
  const value = useMemo<Navigation>(
    () => ({
      route: currentRoute(state),
      canGoBack: state.stack.length > 1,
      previous: state.stack[state.stack.length - 2] ?? null,
      navigate: (route) => dispatch({ type: 'push', route }),
      replace: (route) => dispatch({ type: 'replace', route }),
      back: () => dispatch({ type: 'back' }),
      home: () => dispatch({ type: 'home' }),
    }),
    [state],
  );
  return <NavigationContext.Provider value={value}>{children}</NavigationContext.Provider>;
}

export function useNavigation(): Navigation {
  const value = useContext(NavigationContext);
  if (!value) throw new Error('useNavigation outside NavigationProvider');
  return value;
}
