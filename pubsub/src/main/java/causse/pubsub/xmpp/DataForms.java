package causse.pubsub.xmpp;

import static causse.pubsub.xmpp.PubSubNamespaces.DATA;

import causse.xml.XmlElement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading and writing XEP-0004 data forms, as far as pubsub needs them. */
public final class DataForms {
    private DataForms() {
    }

    /** The values of a submitted form, by field name; empty for a null form. */
    public static Map<String, List<String>> values(XmlElement form) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (form == null) {
            return out;
        }
        for (XmlElement field : form.elements()) {
            if (field.is("field", DATA) && field.attribute("var") != null) {
                List<String> values = new ArrayList<>();
                for (XmlElement v : field.elements()) {
                    if (v.is("value", DATA)) {
                        values.add(v.text());
                    }
                }
                out.put(field.attribute("var"), values);
            }
        }
        return out;
    }

    /** The single value of a field, or null. */
    public static String one(Map<String, List<String>> values, String var) {
        List<String> v = values.get(var);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** The {@code <x xmlns='jabber:x:data'/>} child of {@code parent}, or null. */
    static XmlElement formIn(XmlElement parent) {
        return parent == null ? null : parent.child("x", DATA);
    }

    /** True for a form whose FORM_TYPE is not {@code formType} (a form of another kind was sent). */
    static boolean hasOtherType(Map<String, List<String>> values, String formType) {
        List<String> t = values.get("FORM_TYPE");
        return t != null && !t.isEmpty() && !t.get(0).equals(formType);
    }

    /** A form of {@code type} ('form', 'result'); field types are guessed from the field names pubsub uses. */
    static XmlElement form(String type, String formType, Map<String, List<String>> fields) {
        XmlElement.Builder x = XmlElement.builder("x", DATA).attribute("type", type);
        x.child(field("FORM_TYPE", "hidden", List.of(formType)));
        fields.forEach((var, values) -> x.child(field(var, typeOf(var), values)));
        return x.build();
    }

    static XmlElement field(String var, String type, List<String> values) {
        XmlElement.Builder f = XmlElement.builder("field", DATA).attribute("var", var).attribute("type", type);
        for (String v : values) {
            f.textChild("value", DATA, v);
        }
        return f.build();
    }

    private static String typeOf(String var) {
        return switch (var) {
            case "pubsub#access_model", "pubsub#publish_model", "pubsub#send_last_published_item",
                 "pubsub#notification_type" -> "list-single";
            case "pubsub#roster_groups_allowed" -> "list-multi";
            case "pubsub#owner", "pubsub#publisher" -> "jid-multi";
            case "pubsub#persist_items", "pubsub#deliver_payloads", "pubsub#deliver_notifications",
                 "pubsub#notify_retract", "pubsub#notify_delete", "pubsub#notify_config", "pubsub#subscribe",
                 "pubsub#deliver", "pubsub#allow" -> "boolean";
            default -> "text-single";
        };
    }
}
