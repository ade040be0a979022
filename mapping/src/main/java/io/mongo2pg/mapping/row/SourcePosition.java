package io.mongo2pg.mapping.row;

/**
 * Where a change came from in MongoDB, as Debezium reports it.
 *
 * @param tsMs the source timestamp of the change (when it happened in MongoDB), used for freshness
 * @param ord the order of the change within the same second of the oplog/change stream
 * @param transactionId the MongoDB transaction (lsid:txnNumber), or null outside transactions
 */
public record SourcePosition(String collection, long tsMs, int ord, boolean snapshot, String transactionId) {
}
