package causse.storage;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the contracts of stores whose data belongs to an account share: two owners, {@link #ALICE} and {@link #BOB},
 * created before each test in the account store of the same backend. An implementation's test builds a fresh, empty
 * store and that account store <em>in its constructor</em> (this interface's {@code @BeforeEach} runs before the
 * class's own) and returns them from {@link #store()} and {@link #accounts()}.
 *
 * @param <S> the store under test
 */
public interface AccountOwnedStoreContract<S> {
    String ALICE = "alice@example.org";
    String BOB = "bob@example.org";

    /** The store under test: the same instance for every call within one test. */
    S store();

    /** The accounts of the same backend: owners are accounts. */
    AccountStore accounts();

    /** Whether deleting an account deletes its data with it: true for a database, impossible for the memory stores. */
    default boolean accountDeletionCascades() {
        return true;
    }

    @BeforeEach
    default void createOwners() {
        accounts().create(ALICE, List.of());
        accounts().create(BOB, List.of());
    }
}
