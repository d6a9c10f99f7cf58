#pragma once
// One offscreen OpenGL context for all GL tests (SDL's offscreen driver, no display needed).
#include "platform/gl_context.h"

namespace angiosim::test {

// Made current on every call: a test may have used (and destroyed) a context of its own.
inline HeadlessGlContext& gl_context() {
  static HeadlessGlContext context;
  context.make_current();
  return context;
}

}  // namespace angiosim::test
