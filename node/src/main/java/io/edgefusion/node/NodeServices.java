package io.edgefusion.node;

import io.edgefusion.node.api.RouteTable;
import io.edgefusion.node.events.EventHub;
import io.edgefusion.node.platform.PlatformProfile;
import io.edgefusion.node.store.NodeDatabase;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * What a node component gets when the node starts it: the root's paths, the node's database, the event hub
 * (emit, or subscribe to store/stream), the clock every timer must use (injected, so tests drive time), the API's
 * route table and the metrics listener's route table, and the platform profile the node runs (its stage decides
 * how the guardian checks).
 */
public record NodeServices(NodePaths paths, NodeDatabase database, EventHub events, Clock clock, RouteTable api,
                           RouteTable metrics, Instant started, Optional<PlatformProfile> profile) {
}
