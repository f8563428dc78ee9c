package causse.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * When a certificate's files last changed, as the file system tells (following symbolic links, the way
 * certbot swaps renewed files in): a different stamp means the files must be read again.
 */
public record FileStamp(String certificate, String privateKey) {
    public static FileStamp of(CertificateFiles files) {
        return new FileStamp(stamp(files.certificate()), stamp(files.privateKey()));
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
