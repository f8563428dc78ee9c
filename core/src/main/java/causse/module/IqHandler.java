package causse.module;

/** Answers IQ requests ({@code get}/{@code set}) with one payload namespace; must answer every request exactly once. */
@FunctionalInterface
public interface IqHandler {
    void handle(IqRequest request);
}
