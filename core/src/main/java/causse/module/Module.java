package causse.module;

/**
 * One feature of the server (a XEP, an RFC section): it registers its handlers and disco features
 * through the {@link ModuleContext} it is started with. Options come typed through its constructor.
 * What it registered is undone by the context when the module stops, so a module only writes
 * {@link #stop()} when it owns resources of its own.
 */
public interface Module {
    /** The name used in the configuration's {@code modules} section, e.g. {@code ping}. */
    String name();

    void start(ModuleContext context);

    default void stop() {
    }
}
