package io.edgefusion.node.events;

import io.edgefusion.node.store.NodeDatabase;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The node's event log: every {@link NodeEvent} is stored in the node database (table {@code events}) and handed
 * to live subscribers. Only the last {@code retention} events are kept, so a node that runs for years keeps a
 * bounded table; ids keep increasing, so a follower never sees one twice.
 */
public final class EventLog implements EventSink {
    public static final int DEFAULT_RETENTION = 10_000;
    private static final System.Logger LOG = System.getLogger(EventLog.class.getName());
    /** Trimming is one DELETE; doing it every so many inserts keeps emit cheap. */
    private static final int TRIM_EVERY = 100;

    private final NodeDatabase db;
    private final int retention;
    private final List<Consumer<StoredEvent>> subscribers = new CopyOnWriteArrayList<>();
    private long inserted;
    private volatile boolean closed;

    public EventLog(NodeDatabase db) {
        this(db, DEFAULT_RETENTION);
    }

    public EventLog(NodeDatabase db, int retention) {
        if (retention < 1) {
            throw new IllegalArgumentException("event retention must be at least 1, not " + retention);
        }
        this.db = db;
        this.retention = retention;
        db.migrate("events", List.of("CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                + " time INTEGER NOT NULL, type TEXT NOT NULL, subject TEXT NOT NULL, attributes TEXT NOT NULL)",
                "CREATE INDEX events_time ON events(time)"));
    }

    /** Stores the event, then tells every subscriber, in the order events were stored. */
    @Override
    public void emit(NodeEvent event) {
        StoredEvent stored;
        synchronized (this) {
            long id = db.query(c -> {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO events(time, type, subject, attributes)"
                        + " VALUES(?, ?, ?, ?)", java.sql.Statement.RETURN_GENERATED_KEYS)) {
                    p.setLong(1, event.time().toEpochMilli());
                    p.setString(2, event.type());
                    p.setString(3, event.subject());
                    p.setString(4, EventJson.attributes(event.attributes()));
                    p.executeUpdate();
                    try (ResultSet k = p.getGeneratedKeys()) {
                        k.next();
                        return k.getLong(1);
                    }
                }
            });
            if (++inserted % TRIM_EVERY == 0 || retention < TRIM_EVERY) {
                trim(id);
            }
            stored = new StoredEvent(id, new NodeEvent(Instant.ofEpochMilli(event.time().toEpochMilli()),
                    event.type(), event.subject(), event.attributes()));
            for (Consumer<StoredEvent> s : subscribers) {
                try {
                    s.accept(stored);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "event subscriber failed: " + e);
                }
            }
        }
    }

    private void trim(long newest) {
        db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM events WHERE id <= ?")) {
                p.setLong(1, newest - retention);
                return p.executeUpdate();
            }
        });
    }

    /** Stored events with {@code since <= time < until}, and with an id above {@code afterId}, oldest first. */
    public List<StoredEvent> between(Instant since, Instant until, long afterId) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT id, time, type, subject, attributes FROM events"
                    + " WHERE time >= ? AND time < ? AND id > ? ORDER BY id")) {
                p.setLong(1, since.toEpochMilli());
                p.setLong(2, until.equals(Instant.MAX) ? Long.MAX_VALUE : until.toEpochMilli());
                p.setLong(3, afterId);
                List<StoredEvent> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StoredEvent(rs.getLong(1), new NodeEvent(Instant.ofEpochMilli(rs.getLong(2)),
                                rs.getString(3), rs.getString(4), EventJson.attributes(rs.getString(5)))));
                    }
                }
                return out;
            }
        });
    }

    /**
     * The stored events from {@code since} on, then each new one as it is emitted, to {@code sink}, with no gap
     * and no duplicate between the two. Returns the subscription; closing it stops the live part.
     */
    public synchronized Subscription replayAndSubscribe(Instant since, Instant until, Consumer<StoredEvent> sink) {
        // Under the log's lock no emit can slip between the replay and the subscription.
        for (StoredEvent e : between(since, until, 0)) {
            sink.accept(e);
        }
        subscribers.add(sink);
        return () -> subscribers.remove(sink);
    }

    /** How many events are stored (at most the retention). */
    public long size() {
        return db.query(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM events")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** {@code GET /v1/events}: see {@link EventRoutes}. The node hooks this into its route table. */
    public io.edgefusion.node.api.ApiRoutes routes() {
        EventRoutes r = new EventRoutes(this, java.time.Clock.systemUTC());
        return r::handle;
    }

    /** Ends every follower's stream (within a second); the database stays the node's to close. */
    public void close() {
        closed = true;
        subscribers.clear();
    }

    boolean closed() {
        return closed;
    }

    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
