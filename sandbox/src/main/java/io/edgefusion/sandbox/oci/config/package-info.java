/**
 * The OCI runtime-spec {@code config.json} (versions 1.0 to 1.2) as records, read with Jackson: what the sandbox
 * core takes ({@code plan.HelperPlan} turns it into the helper's instructions). Field names are
 * the spec's; what the host cannot honour is refused or warned about by the launch, naming the field.
 */
package io.edgefusion.sandbox.oci.config;
