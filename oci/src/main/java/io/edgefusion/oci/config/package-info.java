/**
 * The OCI runtime-spec {@code config.json} (versions 1.0 to 1.2) as records, read with Jackson. Field names are
 * the spec's; what the host cannot honour is refused or warned about by the launch, naming the field.
 */
package io.edgefusion.oci.config;
