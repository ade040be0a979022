package io.mongo2pg.mapping.normalize;

import io.mongo2pg.mapping.model.NulPolicy;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonDbPointer;
import org.bson.BsonDocument;
import org.bson.BsonJavaScript;
import org.bson.BsonJavaScriptWithScope;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonSymbol;
import org.bson.BsonValue;

/**
 * PostgreSQL text and jsonb cannot hold U+0000, and a lone UTF-16 surrogate would reach them as '?'. Every
 * string that is stored (String values, field names, Symbols, JavaScript code, regular expressions, DBPointer
 * namespaces) passes here: with {@link NulPolicy#REJECT} such a document is refused with the field path; with
 * {@link NulPolicy#REPLACE} each such character is stored as U+FFFD. Values without one are returned as they are.
 */
final class StorableText {
    private final NulPolicy policy;
    private final DocumentContext context;
    private final boolean known;

    StorableText(NulPolicy policy, DocumentContext context, TextCheck check) {
        this.policy = policy;
        this.context = context;
        this.known = check == TextCheck.KNOWN_STORABLE;
    }

    BsonValue storable(BsonValue value, String path) {
        return known || isStorable(value) ? value : replaced(value, path);
    }

    /** {@link #storable}, with the path ({@code prefix + field}) built only for a value that needs it. */
    BsonValue storable(BsonValue value, String prefix, String field) {
        return known || isStorable(value) ? value : replaced(value, prefix + field);
    }

    /**
     * Whether every string in {@code value} can be stored as it is: nearly always, so this is checked first, without
     * the field paths that only an error needs (building them for every value cost more than the check).
     */
    private static boolean isStorable(BsonValue value) {
        return switch (value.getBsonType()) {
            case STRING -> firstUnstorable(value.asString().getValue()) < 0;
            case SYMBOL -> firstUnstorable(value.asSymbol().getSymbol()) < 0;
            case JAVASCRIPT -> firstUnstorable(value.asJavaScript().getCode()) < 0;
            case JAVASCRIPT_WITH_SCOPE -> firstUnstorable(value.asJavaScriptWithScope().getCode()) < 0
                    && isStorable(value.asJavaScriptWithScope().getScope());
            case REGULAR_EXPRESSION -> firstUnstorable(value.asRegularExpression().getPattern()) < 0
                    && firstUnstorable(value.asRegularExpression().getOptions()) < 0;
            case DB_POINTER -> firstUnstorable(value.asDBPointer().getNamespace()) < 0;
            case DOCUMENT -> isStorableDocument(value.asDocument());
            case ARRAY -> isStorableArray(value.asArray());
            default -> true;
        };
    }

    private static boolean isStorableDocument(BsonDocument document) {
        for (Map.Entry<String, BsonValue> field : document.entrySet()) {
            if (firstUnstorable(field.getKey()) >= 0 || !isStorable(field.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isStorableArray(BsonArray array) {
        for (BsonValue element : array) {
            if (!isStorable(element)) {
                return false;
            }
        }
        return true;
    }

    /** The value with what PostgreSQL cannot store replaced, or refused, naming the path where it is. */
    private BsonValue replaced(BsonValue value, String path) {
        return switch (value.getBsonType()) {
            case STRING -> changed(value.asString().getValue(), path)
                    ? new BsonString(text(value.asString().getValue(), path)) : value;
            case SYMBOL -> changed(value.asSymbol().getSymbol(), path) ? new BsonSymbol(text(value.asSymbol().getSymbol(), path)) : value;
            case JAVASCRIPT -> changed(value.asJavaScript().getCode(), path)
                    ? new BsonJavaScript(text(value.asJavaScript().getCode(), path)) : value;
            case JAVASCRIPT_WITH_SCOPE -> scoped(value.asJavaScriptWithScope(), path);
            case REGULAR_EXPRESSION -> regex(value.asRegularExpression(), path);
            case DB_POINTER -> changed(value.asDBPointer().getNamespace(), path)
                    ? new BsonDbPointer(text(value.asDBPointer().getNamespace(), path), value.asDBPointer().getId()) : value;
            case DOCUMENT -> document(value.asDocument(), path);
            case ARRAY -> array(value.asArray(), path);
            default -> value;
        };
    }

    private BsonValue document(BsonDocument document, String path) {
        BsonDocument copy = null;
        for (Map.Entry<String, BsonValue> field : document.entrySet()) {
            String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            String key = changed(field.getKey(), fieldPath) ? text(field.getKey(), fieldPath) : field.getKey();
            BsonValue value = storable(field.getValue(), fieldPath);
            if (copy == null && (!key.equals(field.getKey()) || value != field.getValue())) {
                copy = new BsonDocument();
                for (Map.Entry<String, BsonValue> before : document.entrySet()) {
                    if (before.getKey().equals(field.getKey())) {
                        break;
                    }
                    copy.put(before.getKey(), before.getValue());
                }
            }
            if (copy != null) {
                if (copy.containsKey(key)) {
                    throw context.error(fieldPath, "replacing U+0000 in the field name makes it equal to another field");
                }
                copy.put(key, value);
            }
        }
        return copy == null ? document : copy;
    }

    private BsonValue array(BsonArray array, String path) {
        BsonArray copy = null;
        for (int i = 0; i < array.size(); i++) {
            BsonValue value = storable(array.get(i), path + "." + i);
            if (copy == null && value != array.get(i)) {
                copy = new BsonArray(array.subList(0, i));
            }
            if (copy != null) {
                copy.add(value);
            }
        }
        return copy == null ? array : copy;
    }

    private BsonValue scoped(BsonJavaScriptWithScope code, String path) {
        BsonValue scope = document(code.getScope(), path + ".$scope");
        if (!changed(code.getCode(), path) && scope == code.getScope()) {
            return code;
        }
        return new BsonJavaScriptWithScope(text(code.getCode(), path), scope.asDocument());
    }

    private BsonValue regex(BsonRegularExpression regex, String path) {
        if (!changed(regex.getPattern(), path) && !changed(regex.getOptions(), path)) {
            return regex;
        }
        return new BsonRegularExpression(text(regex.getPattern(), path), text(regex.getOptions(), path));
    }

    /** Whether {@code s} holds a character PostgreSQL cannot store (refusing it right here under REJECT). */
    private boolean changed(String s, String path) {
        return !text(s, path).equals(s);
    }

    private String text(String s, String path) {
        int bad = firstUnstorable(s);
        if (bad < 0) {
            return s;
        }
        if (policy == NulPolicy.REJECT) {
            throw context.error(path, (s.charAt(bad) == '\0' ? "U+0000 (NUL)" : "a lone UTF-16 surrogate")
                    + " at position " + bad + ", which PostgreSQL text and jsonb cannot store; fix the document or "
                    + "set 'nul: replace' in the mapping to store U+FFFD instead");
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (pair) {
                out.append(c).append(s.charAt(++i));
            } else {
                out.append(c == '\0' || Character.isSurrogate(c) ? NulPolicy.REPLACEMENT : c);
            }
        }
        return out.toString();
    }

    private static int firstUnstorable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((char) (c - 1) < '\uD7FF') {
                continue; // one comparison for the usual character: neither U+0000 nor at or above the surrogates
            }
            if (c == '\0') {
                return i;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
