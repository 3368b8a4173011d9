package io.edgefusion.sandbox.spec;

import java.nio.file.Path;

/**
 * A root overlay prepared by someone else — an image build's RUN step, whose upper dir becomes a layer — used
 * verbatim instead of the sandbox's own upper/work pair; it outlives the sandbox.
 *
 * @param options overlay mount data ({@code lowerdir=…,upperdir=…,workdir=…}), under one page
 * @param chdir   where relative lowerdirs resolve, or null
 */
public record ExternalRoot(String options, Path chdir, Path upper, Path work) {
}
