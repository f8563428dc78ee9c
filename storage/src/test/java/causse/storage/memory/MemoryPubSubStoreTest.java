package causse.storage.memory;

import causse.storage.PubSubStore;
import causse.storage.PubSubStoreContract;

class MemoryPubSubStoreTest implements PubSubStoreContract {
    private final PubSubStore store = new MemoryPubSubStore();

    @Override
    public PubSubStore store() {
        return store;
    }
}
