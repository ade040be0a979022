package io.mongo2pg.transformer.topology;

/**
 * The topic names of the pipeline. Change topics follow Debezium's default naming
 * ({@code <topic.prefix>.<db>.<collection>}), including its replacement of characters Kafka does not allow in
 * topic names by {@code _}.
 */
public final class TopicNames {
    private static final char REPLACEMENT = '_';

    private TopicNames() {
    }

    /** The topic Debezium writes a collection's change events to. */
    public static String changeTopic(String prefix, String db, String collection) {
        return sanitize(prefix + "." + db + "." + collection);
    }

    /** The topic the transformer writes a collection's RowSets to. */
    public static String rowsTopic(String prefix, String collection) {
        return sanitize(prefix + ".rows." + collection);
    }

    /** The default dead-letter topic for a topic prefix. */
    public static String deadLetterTopic(String prefix) {
        return sanitize(prefix + ".deadletters");
    }

    /** Whether {@code name} is a legal Kafka topic name as it stands. */
    public static boolean isLegal(String name) {
        return !name.isEmpty() && name.length() <= 249 && !name.equals(".") && !name.equals("..")
                && name.chars().allMatch(TopicNames::isLegalChar);
    }

    static String sanitize(String name) {
        StringBuilder sanitized = new StringBuilder(name.length());
        name.chars().forEach(c -> sanitized.append(isLegalChar(c) ? (char) c : REPLACEMENT));
        return sanitized.toString();
    }

    private static boolean isLegalChar(int c) {
        return c == '.' || c == '_' || c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9');
    }
}
