#pragma once
// XrayScene: what the X-ray sees, described by core and drawn by either projector (CPU reference
// or GPU). A flat list of primitives with compositions over the basis materials; the renderer
// never reads anatomy or solver internals.
#include <functional>
#include <string>
#include <vector>

#include "core/anatomy/vessel_tree.h"
#include "core/flow/contrast_transport.h"
#include "core/physics/balloon_catheter.h"
#include "core/physics/guidewire.h"
#include "core/physics/stent_delivery.h"
#include "core/imaging/materials.h"
#include "core/imaging/xray_primitive.h"

namespace angiosim {

struct XrayScene {
  std::vector<std::string> basis_names;  // channel c holds areal density of basis_names[c]
  std::vector<XrayPrimitive> primitives;
  std::vector<std::string> labels;       // one per primitive, for diagnostics

  int add(XrayPrimitive p, std::string label);
};

// What fills the arteries, as a composition that replaces soft tissue (blood, or blood mixed with
// a fraction of contrast medium).
Composition lumen_contents(const MaterialLibrary& materials, const std::string& contrast_material,
                           double contrast_fraction);

// Adds the background anatomy (body, bones, gas) of the model. Throws InputError naming the model
// file and shape on an unknown material or an exclusion that cannot be honoured.
void add_background(XrayScene& scene, const AnatomySpec& anatomy, const MaterialLibrary& materials);

// How far a lumen cone may stray from the lumen's axis and radius: a fifteenth of a 1024² pixel
// at the isocentre. The image then matches a 0.25 mm chain's but in a few pixels in a thousand:
// rays grazing the wall of a curving vessel (tests/imaging/xray_scene_test.cpp).
constexpr double kLumenTolerance_mm = 0.02;
// Adds the vessel lumens as chains of mitred truncated cones, filled with `contents` (relative to
// the surrounding soft tissue). Each cone is as long as the lumen lets a cone stand for it to
// within kLumenTolerance_mm (its axis and radius; a lesion or a bend gets short ones, a straight
// run long ones; core/anatomy/lumen_stations), and at most max_segment_mm. At each bifurcation
// the children's first segments are lengthened over the region where they overlap the parent and
// each other, and exclude those so the junction is counted once.
void add_vessels(XrayScene& scene, const VesselTree& tree, const Composition& contents_minus_tissue,
                 double max_segment_mm = 4.0);
// The same with what fills each segment given by the span of arclength it covers on its vessel.
// The segments a bifurcation's vessels share (the parent's last, the children's first) are all
// given the parent's end (a side branch's: the parent at its origin), an empty span there, so a
// junction is filled alike.
using VesselContents = std::function<Composition(int vessel, double s0_mm, double s1_mm)>;
void add_vessels(XrayScene& scene, const VesselTree& tree, const VesselContents& contents, double max_segment_mm = 4.0);

// The contrast medium in the arteries now, as vessel segments holding `medium_minus_blood` times
// the local volume fraction of medium (drawn over a patient whose arteries hold blood). The
// segments' geometry is built once per lumen (it changes only when a lesion is opened); each
// pulse only fills them, and leaves out those without visible medium.
class ContrastLayer {
 public:
  // Adds the segments holding medium to `scene` (nothing when no medium is left in the vessels).
  void add(XrayScene& scene, const VesselTree& tree, const ContrastTransport& contrast,
           const Composition& medium_minus_blood);

 private:
  XrayScene vessels_;                          // every lumen segment, empty compositions
  struct Span {
    int vessel;
    double s0_mm, s1_mm;
  };
  std::vector<Span> where_;  // per segment: the part of a vessel whose medium it holds
  const VesselTree* tree_ = nullptr;
  unsigned revision_ = 0;
};

// Adds a guidewire as a chain of thin tubes along its nodes (make_thin_tube: drawn with sub-pixel
// coverage): the core metal over the whole outer diameter, its radiopaque distal coil as
// platinum–iridium at a coil's fill fraction, each displacing what fills the lumen (`displaced`).
void add_guidewire(XrayScene& scene, const Guidewire& wire, const MaterialLibrary& materials,
                   const Composition& displaced);

// Adds a balloon catheter: while inflated, its working length as a chain of tubes of the
// balloon's diameter at each point, filled with the inflation medium (`medium`, e.g. contrast
// diluted in saline) in place of what fills the lumen (`displaced`); always its two radiopaque
// marker bands at the ends of the working length (thin tubes of the marker material).
void add_balloon(XrayScene& scene, const BalloonCatheter& balloon, const MaterialLibrary& materials,
                 const Composition& medium, const Composition& displaced);

// Adds a stent's strut mesh (make_stent_mesh) along `axis` (distal first) at each ring's diameter:
// struts and bridges as thin nitinol tubes of the strut's cross-section (w·t = πr²: faint on
// fluoroscopy, as nitinol is), its marker eyelets as small tantalum tubes (bright), each
// displacing what fills the lumen.
void add_stent(XrayScene& scene, const StentSpec& spec, const std::vector<glm::dvec3>& axis,
               const std::vector<double>& ring_diameter_mm, const MaterialLibrary& materials,
               const Composition& displaced);
// A deployed stent where its rings lie.
void add_stent(XrayScene& scene, const StentImplant& stent, const MaterialLibrary& materials,
               const Composition& displaced);
// A stent system on the wire: its stent (crimped in the sheath, opening where the sheath has gone
// back), the outer sheath (a polymer tube, attenuating as soft tissue at its density) with its
// tip's marker band, and the inner shaft's two marker bands (platinum–iridium).
void add_stent_system(XrayScene& scene, const StentDelivery& system, const MaterialLibrary& materials,
                      const Composition& displaced);

}  // namespace angiosim
