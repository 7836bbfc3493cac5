import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

// The descriptor stays open as long as its reader lives: a build removed from disk while it is
// still served (a newer build took its place) can still be read until it is dropped.
const descriptors = new FinalizationRegistry<number>((descriptor) => {
  try {
    closeSync(descriptor);
  } catch {
    // already closed
  }
});

/** A file read by positional reads (pread), never whole: the page cache keeps what is read often. */
export class RandomAccessFile {
  private constructor(
    readonly path: string,
    private readonly descriptor: number,
    readonly size: number,
  ) {}

  static open(path: string): RandomAccessFile {
    const descriptor = openSync(path, 'r');
    try {
      const file = new RandomAccessFile(path, descriptor, fstatSync(descriptor).size);
      descriptors.register(file, descriptor);
      return file;
    } catch (error) {
      closeSync(descriptor);
      throw error;
    }
  }

  /** `length` bytes from `offset`, in a buffer of their own; throws past the end of the file. */
  read(offset: number, length: number): Uint8Array {
    if (offset < 0 || length < 0 || offset + length > this.size) {
      throw new Error(`${this.path} is truncated (${this.size} bytes, a read needs ${offset + length})`);
    }
    const data = new Uint8Array(new ArrayBuffer(length));
    let done = 0;
    while (done < length) {
      const read = readSync(this.descriptor, data, done, length - done, offset + done);
      if (read === 0) throw new Error(`${this.path} is truncated (it shrank while being read)`);
      done += read;
    }
    return data;
  }
}
