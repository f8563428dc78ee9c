package causse.module;

/**
 * Service discovery of the nodes a module keeps at accounts' bare JIDs (XEP-0030 §3.2 and §4.2 with a
 * {@code node}; PEP's nodes, XEP-0163). The disco module hands these requests over; the handler answers each
 * one, now or later, with a result or an error.
 */
public interface AccountNodes {
    /** Answers a disco#info request on one node ({@code node}) of the account the request is addressed to. */
    void info(IqRequest request, String node);

    /** Answers a disco#items request on the account ({@code node} null: its nodes) or on one of its nodes. */
    void items(IqRequest request, String node);
}
