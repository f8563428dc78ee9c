package causse.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * A random 32-byte key kept in the data directory (mode 600), created on first use. One keeps the fake
 * SCRAM salts of unknown accounts stable across restarts, so that a changing salt cannot tell an
 * attacker which accounts do not exist; another is the embedded database's password.
 */
final class SecretFile {
    private SecretFile() {
    }

    static byte[] load(Path file, SecureRandom random) {
        try {
            if (Files.exists(file)) {
                byte[] secret = Files.readAllBytes(file);
                if (secret.length >= 32) {
                    return secret;
                }
            }
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            Path tmp = Files.createTempFile(file.getParent(), "secret", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system (Windows): the directory's ACL protects it.
            }
            Files.write(tmp, secret);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir, e);
        }
    }
}
