/**
 * The parts of a job read one at a time, in plan order (part i is shard i's). A cluster collect reads them from files
 * on demand, so a merge that asks for each part only while it uses it holds one part (or a few) at a time however
 * many there are. `read` may be called for the same index more than once (a merge in two passes). Lives beneath the
 * domain folders (like JobContext) because domain merges take it.
 */
export interface PartSource<Part> {
  readonly count: number;
  read(index: number): Part;
}

/** The parts of a local run, already in memory, as a PartSource. */
export function arrayPartSource<Part>(parts: Part[]): PartSource<Part> {
  return { count: parts.length, read: (index) => parts[index] };
}
