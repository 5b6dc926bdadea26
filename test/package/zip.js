// A minimal reader for the .vsix (a zip): the central directory's entries, and one entry's bytes (stored or
// deflated). No dependencies, so the package check runs with nothing but Node.
//   node test/package/zip.js list FILE.vsix      (size and name of every entry)
'use strict';
const fs = require('node:fs');
const zlib = require('node:zlib');

/** @returns {{ name: string, method: number, compressedSize: number, size: number, offset: number }[]} */
function entries(buf) {
  // End of central directory record: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory record)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry ${i}`);
    const nameLen = buf.readUInt16LE(p + 28),
      extraLen = buf.readUInt16LE(p + 30),
      commentLen = buf.readUInt16LE(p + 32);
    out.push({
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      offset: buf.readUInt32LE(p + 42),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** The uncompressed bytes of one entry. */
function read(buf, entry) {
  const p = entry.offset;
  if (buf.readUInt32LE(p) !== 0x04034b50) throw new Error(`bad local header for ${entry.name}`);
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return Buffer.from(data);
  if (entry.method === 8) return zlib.inflateRawSync(data);
  throw new Error(`unsupported compression method ${entry.method} for ${entry.name}`);
}

module.exports = { entries, read };

if (require.main === module) {
  const [cmd, file] = process.argv.slice(2);
  if (cmd !== 'list' || !file) {
    console.error('usage: node test/package/zip.js list FILE.vsix');
    process.exit(2);
  }
  for (const e of entries(fs.readFileSync(file))) console.log(`${String(e.size).padStart(9)}  ${e.name}`);
}
