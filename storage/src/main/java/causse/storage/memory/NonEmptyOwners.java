package causse.storage.memory;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The owners whose collection holds something, for the in-memory stores' {@code owners()}. */
final class NonEmptyOwners {
    private NonEmptyOwners() {
    }

    /** Reads each collection under its own lock, the lock the stores take to change it. */
    static Set<String> of(Map<String, ? extends Collection<?>> byOwner) {
        Set<String> owners = new HashSet<>();
        byOwner.forEach((owner, collection) -> {
            synchronized (collection) {
                if (!collection.isEmpty()) {
                    owners.add(owner);
                }
            }
        });
        return owners;
    }
}
