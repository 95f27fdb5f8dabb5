"""Take away a process's network: after seal(), it can create no socket but a local (AF_UNIX) one.

The query workers run text from anonymous clients, and Oxigraph evaluates
``SERVICE`` with its own HTTP client (Rust, below anything Python could patch).
So the wall is in the kernel: a seccomp filter that makes ``socket()`` fail with
EACCES for every address family except AF_UNIX (and refuses io_uring, which could
open sockets without that system call). It holds for every thread started after
it, Rust's included, and cannot be lifted by the process.

A process that cannot be sealed (no seccomp, an architecture not in the table)
raises SealError, and its caller refuses to run queries there.
"""

from __future__ import annotations

import ctypes
import platform
import struct

from kg.errors import KGError

__all__ = ["SealError", "seal"]


class SealError(KGError, OSError):
    """The process could not be sealed off the network."""


# architecture -> (AUDIT_ARCH_* value, socket syscall number, io_uring_setup syscall number)
SYSCALLS = {
    "x86_64": (0xC000003E, 41, 425),
    "aarch64": (0xC00000B7, 198, 425),
}
X32_BIT = 0x40000000  # x86_64 syscalls of the x32 ABI carry this bit: refused outright

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
RET_ALLOW = 0x7FFF0000
RET_ERRNO = 0x00050000
RET_KILL = 0x00000000
EACCES = 13
AF_UNIX = 1
# classic BPF opcodes
LD_W_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
JEQ_K = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
JGE_K = 0x35  # BPF_JMP | BPF_JGE | BPF_K
RET_K = 0x06  # BPF_RET | BPF_K
# offsets in struct seccomp_data: nr, arch, instruction pointer, args[6] (args[0]'s low half on little endian)
NR, ARCH, ARG0 = 0, 4, 16


def _insn(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k)


def _program(arch: int, socket_nr: int, io_uring_nr: int) -> list[bytes]:
    deny = RET_ERRNO | EACCES
    return [
        _insn(LD_W_ABS, ARCH),
        _insn(JEQ_K, arch, jt=1),  # another ABI than the one this table is for: kill
        _insn(RET_K, RET_KILL),
        _insn(LD_W_ABS, NR),
        _insn(JGE_K, X32_BIT, jt=5),  # -> deny
        _insn(JEQ_K, io_uring_nr, jt=4),  # -> deny
        _insn(JEQ_K, socket_nr, jf=4),  # not socket(): -> allow
        _insn(LD_W_ABS, ARG0),
        _insn(JEQ_K, AF_UNIX, jt=2),  # socket(AF_UNIX, ...): -> allow
        _insn(RET_K, deny),
        _insn(RET_K, deny),
        _insn(RET_K, RET_ALLOW),
    ]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def seal() -> None:
    """Forbid this process (and every thread it starts from now on) to open network sockets."""
    machine = platform.machine()
    if machine not in SYSCALLS:
        raise SealError(f"cannot seal query workers off the network on {machine!r} (known: {sorted(SYSCALLS)})")
    program = _program(*SYSCALLS[machine])
    buffer = ctypes.create_string_buffer(b"".join(program))
    fprog = _SockFprog(len(program), ctypes.addressof(buffer))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise SealError(f"prctl(PR_SET_NO_NEW_PRIVS) failed: errno {ctypes.get_errno()}")
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        raise SealError(f"installing the seccomp filter failed: errno {ctypes.get_errno()}")
