"""Writes a copy of an ELF64 shared library in which one symbol version it needs (e.g. GLIBCXX_3.4.32) is
marked weak (VER_FLG_WEAK in that entry's vna_flags in .gnu.version_r), so the dynamic loader accepts a
libstdc++ that lacks the version instead of refusing to load the library.

Why: TorchSharp 0.107's libLibTorchSharp.so needs GLIBCXX_3.4.32 (Debian 12 has up to 3.4.30) for one
symbol, std::ios_base_library_init(), that it never calls; nothing else in it needs the newer libstdc++.

usage: weaken_version_need.py SOURCE.so DEST.so VERSION
"""
import struct
import sys

VER_FLG_WEAK = 0x2
SHT_GNU_VERNEED = 0x6FFFFFFE


def sections(data):
    """(sh_type, sh_offset, sh_size, sh_link, sh_info) for every section header of a little-endian ELF64."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        sys.exit("weaken_version_need: not a little-endian ELF64 file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    for i in range(shnum):
        _, sh_type, _, _, offset, size, link, info = struct.unpack_from("<IIQQQQII", data, shoff + i * shentsize)
        yield sh_type, offset, size, link, info


def weaken(data, version):
    """Sets VER_FLG_WEAK on every Vernaux entry named `version`; returns how many it changed."""
    table = list(sections(data))
    changed = 0
    for sh_type, offset, _, link, count in table:
        if sh_type != SHT_GNU_VERNEED:
            continue
        strings = table[link][1]  # .dynstr, where vn_file and vna_name point
        need = offset
        for _ in range(count):  # Elf64_Verneed: vn_version, vn_cnt, vn_file, vn_aux, vn_next
            _, aux_count, _, aux_offset, next_offset = struct.unpack_from("<HHIII", data, need)
            aux = need + aux_offset
            for _ in range(aux_count):  # Elf64_Vernaux: vna_hash, vna_flags, vna_other, vna_name, vna_next
                _, flags, _, name, aux_next = struct.unpack_from("<IHHII", data, aux)
                end = data.index(b"\0", strings + name)
                if data[strings + name:end].decode() == version:
                    struct.pack_into("<H", data, aux + 4, flags | VER_FLG_WEAK)
                    changed += 1
                aux += aux_next
            need += next_offset
    return changed


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[-1])
    source, dest, version = sys.argv[1:]
    data = bytearray(open(source, "rb").read())
    if weaken(data, version) == 0:
        sys.exit(f"weaken_version_need: {source} does not need {version}")
    open(dest, "wb").write(data)


if __name__ == "__main__":
    main()
