import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';

interface State {
  error: Error | null;
}

/** Keeps a crash in one page from blanking the whole console. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Page crashed', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="page">
        <Alert
          title="This page hit an unexpected error"
          actions={
            <Button size="sm" onClick={() => this.setState({ error: null })}>
              Try again
            </Button>
          }
        >
          <p className="mono">{this.state.error.message}</p>
        </Alert>
      </div>
    );
  }
}
