package io.vcspbench.core.uffd;

import io.vcspbench.core.memory.FaultingRegion;
import io.vcspbench.core.memory.GuestMemory;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The {@code uffd} fault backend: an anonymous mapping registered with Linux userfaultfd in MISSING
 * mode, reached through {@code java.lang.foreign} (Java 22+; no JNI, no native library of ours).
 *
 * <p>Pointers cross as {@code long}s (LP64: a pointer and a long travel in the same register), so no
 * call on the hot path makes a {@link MemorySegment}. No hot call captures errno (capturing allocates):
 * UFFDIO_COPY reports its own outcome in the argument block's {@code copy} field, the fault descriptor
 * is non-blocking and read only after poll says it is readable. Set-up calls capture errno, so a
 * refusal says why. No call is "critical": every downcall moves the thread to "in native", which is
 * what makes {@link #touch} safe to sleep in (see {@link FaultingRegion}).
 */
public final class UffdRegion implements FaultingRegion
{
    private static final long SYS_USERFAULTFD = 323; // x86_64
    private static final int O_CLOEXEC = 0x80000;
    private static final int O_NONBLOCK = 0x800;
    private static final int O_RDWR = 2;
    private static final int PROT_READ_WRITE = 0x3;
    private static final int MAP_PRIVATE_ANONYMOUS_NORESERVE = 0x02 | 0x20 | 0x4000;
    private static final long UFFD_API = 0xAA;
    private static final long UFFDIO_API = 0xC018AA3FL;
    private static final long UFFDIO_REGISTER = 0xC020AA00L;
    private static final long UFFDIO_UNREGISTER = 0x8010AA01L;
    private static final long UFFDIO_COPY = 0xC028AA03L;
    private static final long USERFAULTFD_IOC_NEW = 0xAA00L;
    private static final long UFFDIO_REGISTER_MODE_MISSING = 1;
    private static final long UFFDIO_COPY_BIT = 1L << 0x03;
    private static final int UFFD_EVENT_PAGEFAULT = 0x12;
    private static final int UFFD_MSG_SIZE = 32;
    private static final int POLLIN = 0x1;
    private static final int EEXIST = 17;
    private static final int EAGAIN = 11;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");

    // Set-up, errno captured: long syscall(long nr, int flags)
    private static final MethodHandle SYSCALL = downcall("syscall", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT),
        ERRNO_OPTION, Linker.Option.firstVariadicArg(1));
    // int open(const char *path, int flags)
    private static final MethodHandle OPEN = downcall("open", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT),
        ERRNO_OPTION);
    // int ioctl(int fd, unsigned long request, void *arg), with errno
    private static final MethodHandle IOCTL_ERRNO = downcall("ioctl",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), ERRNO_OPTION, Linker.Option.firstVariadicArg(2));
    // void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off), with errno
    private static final MethodHandle MMAP = downcall("mmap",
        FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), ERRNO_OPTION);
    private static final MethodHandle MUNMAP = downcall("munmap", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    // Hot: no errno.
    private static final MethodHandle IOCTL = downcall("ioctl",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle POLL = downcall("poll", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
    private static final MethodHandle READ = downcall("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle MEMCPY = downcall("memcpy",
        FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));

    private final Arena arena = Arena.ofShared();
    private final int fd;
    private final long base;
    private final long pageCount;
    private final long bytes;
    /** The vCPU's landing slot for {@link #touch}: 8 bytes. */
    private final long touchScratch;
    /** The handler's pollfd (8 bytes) and message buffer (32 bytes). */
    private final MemorySegment pollFd;
    private final long pollFdAddress;
    private final MemorySegment message;
    private final long messageAddress;
    private final AtomicBoolean registered = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long faultsRead;

    private UffdRegion(final long pageCount)
    {
        this.pageCount = pageCount;
        this.bytes = pageCount << GuestMemory.PAGE_SHIFT;
        this.fd = openUserfaultfd();
        long mapped = -1;
        try
        {
            handshakeApi(fd);
            mapped = map(bytes);
            register(fd, mapped, bytes);
        }
        catch (final RuntimeException | Error e)
        {
            if (mapped != -1)
            {
                unmap(mapped, bytes);
            }
            closeFd(fd);
            arena.close();
            throw e;
        }
        this.base = mapped;
        registered.set(true);
        touchScratch = arena.allocate(Long.BYTES, Long.BYTES).address();
        pollFd = arena.allocate(8, 8);
        pollFdAddress = pollFd.address();
        pollFd.set(JAVA_INT, 0, fd);
        message = arena.allocate(UFFD_MSG_SIZE, 8);
        messageAddress = message.address();
    }

    /**
     * Maps and registers a region.
     *
     * @param pageCount size in pages, at least 1.
     * @return the region; close it to release.
     * @throws UnsupportedOperationException with one line saying why when userfaultfd is unavailable
     *                                       (no permission, an old kernel, a seccomp filter).
     */
    public static UffdRegion open(final long pageCount)
    {
        if (pageCount < 1)
        {
            throw new IllegalArgumentException("pageCount must be at least 1, was " + pageCount);
        }
        return new UffdRegion(pageCount);
    }

    @Override
    public long baseAddress()
    {
        return base;
    }

    @Override
    public long pageCount()
    {
        return pageCount;
    }

    @Override
    public void touch(final long page)
    {
        try
        {
            final long ignored = (long)MEMCPY.invokeExact(touchScratch, base + (page << GuestMemory.PAGE_SHIFT), (long)Long.BYTES);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    @Override
    public long awaitFault(final int timeoutMs)
    {
        try
        {
            pollFd.set(ValueLayout.JAVA_INT, 4, POLLIN); // events = POLLIN, revents = 0
            final int ready = (int)POLL.invokeExact(pollFdAddress, 1L, timeoutMs);
            if (ready <= 0)
            {
                return -1; // timeout, or EINTR
            }
            final long read = (long)READ.invokeExact(fd, messageAddress, (long)UFFD_MSG_SIZE);
            if (read != UFFD_MSG_SIZE)
            {
                return -1; // EAGAIN: the fault was served (by a push) before we read it
            }
            if ((message.get(ValueLayout.JAVA_BYTE, 0) & 0xFF) != UFFD_EVENT_PAGEFAULT)
            {
                return -1;
            }
            final long address = message.get(JAVA_LONG, 16);
            faultsRead++; // one reader thread
            return (address - base) >>> GuestMemory.PAGE_SHIFT;
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    @Override
    public long faultsRead()
    {
        return faultsRead;
    }

    @Override
    public Installer newInstaller()
    {
        final MemorySegment block = arena.allocate(40, 8);
        return new CopyInstaller(block);
    }

    @Override
    public void unregister()
    {
        if (registered.compareAndSet(true, false))
        {
            try (Arena a = Arena.ofConfined())
            {
                final MemorySegment range = a.allocate(16, 8);
                range.set(JAVA_LONG, 0, base);
                range.set(JAVA_LONG, 8, bytes);
                // Wakes every thread sleeping on a fault in the range; later touches map zero pages.
                ioctlChecked(a, fd, UFFDIO_UNREGISTER, range.address(), "UFFDIO_UNREGISTER");
            }
        }
    }

    @Override
    public void close()
    {
        if (closed.compareAndSet(false, true))
        {
            try
            {
                unregister();
            }
            finally
            {
                closeFd(fd);
                unmap(base, bytes);
                arena.close();
            }
        }
    }

    /** UFFDIO_COPY through one thread's argument block. */
    private final class CopyInstaller implements Installer
    {
        private final MemorySegment block;
        private final long blockAddress;

        CopyInstaller(final MemorySegment block)
        {
            this.block = block;
            this.blockAddress = block.address();
        }

        @Override
        public int install(final long page, final long sourceAddress, final int count)
        {
            int installed = 0;
            int done = 0;
            while (done < count)
            {
                final long len = (long)(count - done) << GuestMemory.PAGE_SHIFT;
                block.set(JAVA_LONG, 0, base + ((page + done) << GuestMemory.PAGE_SHIFT)); // dst
                block.set(JAVA_LONG, 8, sourceAddress + ((long)done << GuestMemory.PAGE_SHIFT)); // src
                block.set(JAVA_LONG, 16, len);
                block.set(JAVA_LONG, 24, 0L); // mode: wake the faulting thread
                block.set(JAVA_LONG, 32, 0L); // copy: bytes copied, or -errno
                final int rc;
                try
                {
                    rc = (int)IOCTL.invokeExact(fd, UFFDIO_COPY, blockAddress);
                }
                catch (final Throwable t)
                {
                    throw rethrow(t);
                }
                final long copied = block.get(JAVA_LONG, 32);
                if (rc == 0)
                {
                    return installed + (count - done);
                }
                if (copied > 0)
                {
                    // A partial copy: the pages before the one that stopped it are in.
                    final int pagesCopied = (int)(copied >>> GuestMemory.PAGE_SHIFT);
                    installed += pagesCopied;
                    done += pagesCopied;
                    continue;
                }
                if (copied == -EEXIST)
                {
                    done++; // present already: another thread installed it first
                    continue;
                }
                if (copied == -EAGAIN)
                {
                    continue; // the mapping changed under the copy; try again
                }
                throw new IllegalStateException("UFFDIO_COPY of page " + (page + done) + " failed: errno " + -copied +
                    (registered.get() ? "" : " (the region was unregistered: the run ended)"));
            }
            return installed;
        }
    }

    private static int openUserfaultfd()
    {
        try (Arena a = Arena.ofConfined())
        {
            final MemorySegment state = a.allocate(CALL_STATE);
            final long fd = (long)SYSCALL.invokeExact(state, SYS_USERFAULTFD, O_CLOEXEC | O_NONBLOCK);
            if (fd >= 0)
            {
                return (int)fd;
            }
            final int syscallErrno = (int)ERRNO.get(state, 0L);
            // Without CAP_SYS_PTRACE and with vm.unprivileged_userfaultfd = 0, /dev/userfaultfd may still serve.
            final MemorySegment path = a.allocateFrom("/dev/userfaultfd");
            final int dev = (int)OPEN.invokeExact(state, path.address(), O_RDWR | O_CLOEXEC);
            if (dev >= 0)
            {
                try
                {
                    final int newFd = (int)IOCTL_ERRNO.invokeExact(state, dev, USERFAULTFD_IOC_NEW,
                        (long)(O_CLOEXEC | O_NONBLOCK));
                    if (newFd >= 0)
                    {
                        return newFd;
                    }
                    throw unavailable("USERFAULTFD_IOC_NEW on /dev/userfaultfd failed: " + errnoText((int)ERRNO.get(state, 0L)));
                }
                finally
                {
                    closeFd(dev);
                }
            }
            throw unavailable("the userfaultfd system call failed (" + errnoText(syscallErrno) + ") and /dev/userfaultfd " +
                "cannot be opened (" + errnoText((int)ERRNO.get(state, 0L)) + "); run as root, or set " +
                "vm.unprivileged_userfaultfd=1, or give this user access to /dev/userfaultfd");
        }
        catch (final UnsupportedOperationException e)
        {
            throw e;
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    private static void handshakeApi(final int fd)
    {
        try (Arena a = Arena.ofConfined())
        {
            final MemorySegment api = a.allocate(24, 8);
            api.set(JAVA_LONG, 0, UFFD_API);
            api.set(JAVA_LONG, 8, 0L); // no optional features
            ioctlChecked(a, fd, UFFDIO_API, api.address(), "UFFDIO_API");
        }
    }

    private static long map(final long bytes)
    {
        try (Arena a = Arena.ofConfined())
        {
            final MemorySegment state = a.allocate(CALL_STATE);
            final long address = (long)MMAP.invokeExact(state, 0L, bytes, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS_NORESERVE,
                -1, 0L);
            if (address == -1L)
            {
                throw new IllegalStateException("mmap of " + bytes + " bytes failed: " + errnoText((int)ERRNO.get(state, 0L)));
            }
            return address;
        }
        catch (final RuntimeException e)
        {
            throw e;
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    private static void register(final int fd, final long address, final long bytes)
    {
        try (Arena a = Arena.ofConfined())
        {
            final MemorySegment reg = a.allocate(32, 8);
            reg.set(JAVA_LONG, 0, address);
            reg.set(JAVA_LONG, 8, bytes);
            reg.set(JAVA_LONG, 16, UFFDIO_REGISTER_MODE_MISSING);
            ioctlChecked(a, fd, UFFDIO_REGISTER, reg.address(), "UFFDIO_REGISTER");
            if ((reg.get(JAVA_LONG, 24) & UFFDIO_COPY_BIT) == 0)
            {
                throw unavailable("the kernel does not offer UFFDIO_COPY on anonymous memory");
            }
        }
    }

    private static void ioctlChecked(final Arena a, final int fd, final long request, final long arg, final String what)
    {
        final MemorySegment state = a.allocate(CALL_STATE);
        final int rc;
        try
        {
            rc = (int)IOCTL_ERRNO.invokeExact(state, fd, request, arg);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
        if (rc != 0)
        {
            throw unavailable(what + " failed: " + errnoText((int)ERRNO.get(state, 0L)));
        }
    }

    private static void unmap(final long address, final long bytes)
    {
        try
        {
            final int ignored = (int)MUNMAP.invokeExact(address, bytes);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    private static void closeFd(final int fd)
    {
        try
        {
            final int ignored = (int)CLOSE.invokeExact(fd);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    private static String errnoText(final int errno)
    {
        return switch (errno)
        {
            case 1 -> "EPERM, not permitted";
            case 2 -> "ENOENT, no such file";
            case 13 -> "EACCES, permission denied";
            case 22 -> "EINVAL, invalid argument";
            case 12 -> "ENOMEM, out of memory";
            case 38 -> "ENOSYS, the kernel has no userfaultfd";
            default -> "errno " + errno;
        };
    }

    private static UnsupportedOperationException unavailable(final String why)
    {
        return new UnsupportedOperationException("userfaultfd is unavailable: " + why);
    }

    private static MethodHandle downcall(final String name, final FunctionDescriptor descriptor, final Linker.Option... options)
    {
        final MemorySegment symbol = LINKER.defaultLookup().find(name)
            .orElseThrow(() -> new UnsupportedOperationException("the C library has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    private static RuntimeException rethrow(final Throwable t)
    {
        if (t instanceof RuntimeException r)
        {
            return r;
        }
        if (t instanceof Error e)
        {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
