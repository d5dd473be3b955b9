// Per-scheduling-cycle scratch space plugins share between extension points
// (PreFilter computes, Filter reads), as upstream's CycleState.

export class CycleState {
  private readonly data = new Map<string, unknown>();

  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  write(key: string, value: unknown): void {
    this.data.set(key, value);
  }

  delete(key: string): void {
    this.data.delete(key);
  }
}
