package io.mongo2pg.mapping.infer;

/**
 * One decision of the inference, for the report and the mapping's comments.
 *
 * @param path the field's path in the document, {@code []} marking array elements ({@code transactions[].amount})
 * @param placement where it goes ({@code column accounts.limit integer}, {@code child table ...}, {@code _extra})
 * @param observed the figures it rests on
 * @param reason why, in a few words
 */
public record Decision(String collection, String path, String placement, String observed, String reason) {
}
