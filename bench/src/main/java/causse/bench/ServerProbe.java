package causse.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a local server's CPU time and resident memory from /proc, so a run can report work per
 * server CPU-second. Assumes the usual 100 clock ticks per second (USER_HZ on Linux).
 */
public final class ServerProbe {
    private static final double TICKS_PER_SECOND = 100.0;
    private final long pid;

    public ServerProbe(long pid) {
        this.pid = pid;
    }

    public boolean enabled() {
        return pid > 0;
    }

    /** utime + stime of the whole process, in seconds; -1 when unreadable. */
    public double cpuSeconds() {
        if (!enabled()) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name may contain spaces: fields are counted after its closing parenthesis.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Resident set size in KiB; -1 when unreadable. */
    public long rssKib() {
        if (!enabled()) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Open file descriptors (sockets included); -1 when unreadable. */
    public long openFiles() {
        if (!enabled()) {
            return -1;
        }
        try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
