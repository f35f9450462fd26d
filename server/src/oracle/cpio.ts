/**
 * A minimal newc cpio writer (the format the kernel's initramfs unpacker reads). The oracle puts the
 * per-batch script into a small uncompressed archive placed before the gzip'd base archive; the
 * result is padded to 512 bytes because the unpacker then looks for the next archive's magic
 * (the other order fails with "invalid magic").
 */
export interface CpioFile {
  path: string;
  data: Buffer | string;
  /** permission bits (default 0644; 0755 for scripts) */
  mode?: number;
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

function entry(name: string, mode: number, data: Buffer, ino: number): Buffer {
  const nameBuf = Buffer.from(name + '\0', 'utf8');
  const header =
    '070701' +
    hex8(ino) +
    hex8(mode) +
    hex8(0) + // uid
    hex8(0) + // gid
    hex8(1) + // nlink
    hex8(0) + // mtime: fixed, so the archive is reproducible
    hex8(data.length) +
    hex8(0) + hex8(0) + hex8(0) + hex8(0) + // dev major/minor, rdev major/minor
    hex8(nameBuf.length) +
    hex8(0); // check
  const parts: Buffer[] = [Buffer.from(header, 'ascii'), nameBuf];
  const afterName = (110 + nameBuf.length) % 4;
  if (afterName) parts.push(Buffer.alloc(4 - afterName));
  parts.push(data);
  if (data.length % 4) parts.push(Buffer.alloc(4 - (data.length % 4)));
  return Buffer.concat(parts);
}

export function newcArchive(files: CpioFile[]): Buffer {
  const parts: Buffer[] = [];
  let ino = 1;
  for (const f of files) {
    const data = typeof f.data === 'string' ? Buffer.from(f.data, 'utf8') : f.data;
    parts.push(entry(f.path.replace(/^\/+/, ''), 0o100000 | (f.mode ?? 0o644), data, ino++));
  }
  parts.push(entry('TRAILER!!!', 0, Buffer.alloc(0), 0));
  const out = Buffer.concat(parts);
  const pad = (512 - (out.length % 512)) % 512;
  return pad ? Buffer.concat([out, Buffer.alloc(pad)]) : out;
}
