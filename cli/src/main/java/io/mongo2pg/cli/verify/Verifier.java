package io.mongo2pg.cli.verify;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.mongo2pg.cli.run.config.Mongo2pgConfig;
import io.mongo2pg.cli.verify.DanglingReferenceFinder.ReferenceCheck;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.schema.CrossReference;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableDef;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.bson.BsonDocument;

/** Compares MongoDB and PostgreSQL collection by collection, then checks the references between collections. */
public final class Verifier {
    private final Mongo2pgConfig config;
    private final VerifySettings settings;
    private final RelationalModel model;

    public Verifier(Mongo2pgConfig config, VerifySettings settings) {
        this.config = config;
        this.settings = settings;
        this.model = RelationalModel.of(config.mapping());
    }

    /**
     * @param collections the collections to verify, empty for every mapped one
     * @param progress told each collection's progress
     */
    public VerifyReport verify(List<String> collections, VerifyProgress progress) throws SQLException {
        Mapping mapping = config.mapping();
        List<String> selected = collections.isEmpty() ? mapping.collectionNames() : collections;
        selected.forEach(c -> BinarySubtypes.collection(mapping, c));
        try (MongoClient client = MongoClients.create(config.mongodb().connectionString());
             Connection connection = connect(config)) {
            MongoDatabase database = client.getDatabase(config.mongodb().database());
            List<CollectionReport> reports = new ArrayList<>();
            for (String collection : selected) {
                PostgresDocumentReader postgres = new PostgresDocumentReader(connection, config.postgres().schema(),
                        mapping, model, collection);
                reports.add(new CollectionVerifier(BinarySubtypes.collection(mapping, collection),
                        database.getCollection(collection, BsonDocument.class), postgres, settings, progress).verify());
            }
            return references(connection, selected, reports);
        } catch (MongoException e) {
            throw new IllegalStateException("Cannot read MongoDB database '" + config.mongodb().database() + "' at "
                    + config.mongodb() + ": " + e.getMessage() + ". Check mongodb.connectionString in "
                    + config.source(), e);
        }
    }

    private VerifyReport references(Connection connection, List<String> selected, List<CollectionReport> reports)
            throws SQLException {
        Set<String> tables = new HashSet<>();
        selected.forEach(c -> model.forCollection(c).all().stream().map(TableDef::name).forEach(tables::add));
        DanglingReferenceFinder finder = new DanglingReferenceFinder(connection, config.postgres().schema(), model);
        List<ReferenceCheck> checks = new ArrayList<>();
        List<DanglingReference> dangling = new ArrayList<>();
        for (CrossReference ref : model.crossReferences()) {
            if (tables.contains(ref.table())) {
                checks.add(finder.check(ref, settings.maxListed(), dangling));
            }
        }
        return new VerifyReport(reports, checks, dangling);
    }

    /** A plain JDBC connection from the config's postgres section; says what to check when it fails. */
    public static Connection connect(Mongo2pgConfig config) throws SQLException {
        Properties props = new Properties();
        if (config.postgres().user() != null) {
            props.setProperty("user", config.postgres().user());
        }
        if (config.postgres().password() != null) {
            props.setProperty("password", config.postgres().password().reveal());
        }
        try {
            return DriverManager.getConnection(config.postgres().jdbcUrl(), props);
        } catch (SQLException e) {
            throw new SQLException("Cannot connect to PostgreSQL at " + config.postgres() + ": " + e.getMessage()
                    + ". Check postgres.* in " + config.source(), e.getSQLState(), e);
        }
    }
}
