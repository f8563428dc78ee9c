package causse.pubsub.service;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A leaf node's configuration (XEP-0060 §16.4.3, {@code pubsub#node_config}). {@link #fields()} and
 * {@link #withFields} speak the form's field names and values, so the XML layer and storage share one
 * mapping. {@code maxItems} is -1 for {@code max} (no limit); {@code itemExpire} is null for never.
 */
public record NodeConfig(String title, AccessModel accessModel, List<String> rosterGroupsAllowed,
                         PublishModel publishModel, int maxItems, boolean persistItems, boolean deliverPayloads,
                         boolean deliverNotifications, boolean notifyRetract, boolean notifyDelete,
                         boolean notifyConfig, SendLastItem sendLastPublishedItem, Duration itemExpire,
                         int maxPayloadSize, String notificationType, boolean subscribe) {
    public static final String FORM_TYPE = "http://jabber.org/protocol/pubsub#node_config";

    public NodeConfig {
        rosterGroupsAllowed = List.copyOf(rosterGroupsAllowed);
    }

    /** A service node's defaults: open, publishers, 100 items kept, last item on subscription. */
    public static NodeConfig serviceDefaults(int maxItems, int maxPayloadSize) {
        return new NodeConfig("", AccessModel.OPEN, List.of(), PublishModel.PUBLISHERS, maxItems, true, true, true,
                true, true, true, SendLastItem.ON_SUB, null, maxPayloadSize, "headline", true);
    }

    /** A PEP node's defaults (XEP-0163 §4.2): presence access, one item, last item on presence too. */
    public static NodeConfig pepDefaults(int maxPayloadSize) {
        return new NodeConfig("", AccessModel.PRESENCE, List.of(), PublishModel.PUBLISHERS, 1, true, true, true,
                true, true, true, SendLastItem.ON_SUB_AND_PRESENCE, null, maxPayloadSize, "headline", true);
    }

    /** The configuration as form fields, in the order a configuration form shows them. */
    public Map<String, List<String>> fields() {
        Map<String, List<String>> f = new LinkedHashMap<>();
        f.put("pubsub#title", List.of(title));
        f.put("pubsub#access_model", List.of(accessModel.value()));
        f.put("pubsub#roster_groups_allowed", rosterGroupsAllowed);
        f.put("pubsub#publish_model", List.of(publishModel.value()));
        f.put("pubsub#max_items", List.of(maxItems < 0 ? "max" : Integer.toString(maxItems)));
        f.put("pubsub#persist_items", bool(persistItems));
        f.put("pubsub#deliver_payloads", bool(deliverPayloads));
        f.put("pubsub#deliver_notifications", bool(deliverNotifications));
        f.put("pubsub#notify_retract", bool(notifyRetract));
        f.put("pubsub#notify_delete", bool(notifyDelete));
        f.put("pubsub#notify_config", bool(notifyConfig));
        f.put("pubsub#send_last_published_item", List.of(sendLastPublishedItem.value()));
        f.put("pubsub#item_expire", List.of(itemExpire == null ? "" : Long.toString(itemExpire.toSeconds())));
        f.put("pubsub#max_payload_size", List.of(Integer.toString(maxPayloadSize)));
        f.put("pubsub#notification_type", List.of(notificationType));
        f.put("pubsub#subscribe", bool(subscribe));
        return f;
    }

    /**
     * This configuration with the given fields changed. An unknown field or a value out of range throws
     * IllegalArgumentException (the caller answers {@code <not-acceptable/>}); {@code FORM_TYPE} is ignored.
     */
    public NodeConfig withFields(Map<String, List<String>> changes, int maxItemsLimit, int payloadLimit) {
        Map<String, List<String>> f = fields();
        for (Map.Entry<String, List<String>> e : changes.entrySet()) {
            String var = e.getKey();
            if (var.equals("FORM_TYPE") || var.equals("pubsub#node_type") || var.equals("pubsub#type")) {
                continue;
            }
            if (!f.containsKey(var)) {
                throw new IllegalArgumentException("unsupported option " + var);
            }
            f.put(var, List.copyOf(e.getValue()));
        }
        int max = maxItems(one(f, "pubsub#max_items"), maxItemsLimit);
        int payload = range(one(f, "pubsub#max_payload_size"), 1, payloadLimit);
        String expire = one(f, "pubsub#item_expire");
        String type = one(f, "pubsub#notification_type");
        if (!type.equals("headline") && !type.equals("normal")) {
            throw new IllegalArgumentException("notification_type must be headline or normal");
        }
        return new NodeConfig(one(f, "pubsub#title"), choice(AccessModel.values(), one(f, "pubsub#access_model")),
                f.get("pubsub#roster_groups_allowed"),
                choice(PublishModel.values(), one(f, "pubsub#publish_model")), max,
                bool(one(f, "pubsub#persist_items")), bool(one(f, "pubsub#deliver_payloads")),
                bool(one(f, "pubsub#deliver_notifications")), bool(one(f, "pubsub#notify_retract")),
                bool(one(f, "pubsub#notify_delete")), bool(one(f, "pubsub#notify_config")),
                choice(SendLastItem.values(), one(f, "pubsub#send_last_published_item")),
                expire.isEmpty() || expire.equals("0") ? null : Duration.ofSeconds(range(expire, 1, Integer.MAX_VALUE)),
                payload, type, bool(one(f, "pubsub#subscribe")));
    }

    /** The text kept in storage: one {@code field=value} line per value, URL-encoded (an empty list: no line). */
    public String toText() {
        StringBuilder out = new StringBuilder();
        fields().forEach((var, values) -> values.forEach(v ->
                out.append(var).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('\n')));
        return out.toString();
    }

    /** Reads {@link #toText()}; fields it does not name keep the {@code base} values. */
    public static NodeConfig fromText(String text, NodeConfig base) {
        Map<String, List<String>> f = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                f.computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>())
                        .add(URLDecoder.decode(line.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        if (!f.containsKey("pubsub#roster_groups_allowed")) {
            f.put("pubsub#roster_groups_allowed", List.of());
        }
        return base.withFields(f, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    private static List<String> bool(boolean b) {
        return List.of(b ? "1" : "0");
    }

    private static boolean bool(String s) {
        return switch (s) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw new IllegalArgumentException("not a boolean: " + s);
        };
    }

    private static String one(Map<String, List<String>> f, String var) {
        List<String> v = f.get(var);
        if (v.size() != 1) {
            throw new IllegalArgumentException(var + " takes one value");
        }
        return v.get(0).trim();
    }

    private static int maxItems(String s, int limit) {
        return s.equals("max") ? (limit == Integer.MAX_VALUE ? -1 : limit) : range(s, 1, limit);
    }

    private static int range(String s, int min, int max) {
        try {
            long v = Long.parseLong(s);
            if (v < min || v > max) {
                throw new IllegalArgumentException(s + " is not within " + min + ".." + max);
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + s);
        }
    }

    private static <E extends Enum<E>> E choice(E[] values, String s) {
        for (E e : values) {
            if (e.name().equalsIgnoreCase(s)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown value " + s);
    }
}
