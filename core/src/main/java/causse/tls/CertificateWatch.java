package causse.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which domains' certificate or key files changed since they were last read (a renewal), judged by what the file
 * system says of them: time, size and identity, following symbolic links the way certbot swaps renewed files in.
 * Each change is reported once, whether or not the new files turn out usable.
 */
public final class CertificateWatch {
    private final Map<String, CertificateFiles> files;
    /** Guarded by {@code this}. */
    private final Map<String, String> stamps = new LinkedHashMap<>();

    /** Takes the files as they are now as already read. */
    public CertificateWatch(Map<String, CertificateFiles> files) {
        this.files = new LinkedHashMap<>(files);
        files.forEach((domain, pair) -> stamps.put(domain, stamp(pair)));
    }

    /** The domains whose files changed since the previous call, with their files, in the order given. */
    public synchronized Map<String, CertificateFiles> changed() {
        Map<String, CertificateFiles> changed = new LinkedHashMap<>();
        files.forEach((domain, pair) -> {
            String now = stamp(pair);
            if (!now.equals(stamps.put(domain, now))) {
                changed.put(domain, pair);
            }
        });
        return changed;
    }

    private static String stamp(CertificateFiles pair) {
        return stamp(pair.certificate()) + " " + stamp(pair.privateKey());
    }

    private static String stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastModifiedTime() + "/" + a.size() + "/" + a.fileKey();
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
