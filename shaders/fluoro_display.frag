#version 330 core
// Areal densities -> polychromatic Beer-Lambert transmission -> log signal -> display window,
// and the transmission itself for the full imaging chain (core/imaging/fluoro_chain).
// The patient's and the devices' path targets are summed (areal densities add).
// High attenuation is dark, as on a cath-lab monitor. Mirrors core/imaging/image_chain.cpp.
in vec2 uv;
uniform sampler2D channels_0_3;
uniform sampler2D channels_4_7;
uniform sampler2D device_channels_0_3;
uniform sampler2D device_channels_4_7;
// The patient's own transmission, kept per view: where no device or contrast lies (most pixels)
// it is the answer, with no exponentials. `patient_only` computes it (devices left out).
uniform sampler2D patient_transmission;
uniform bool use_patient_transmission;
uniform bool patient_only;
// The spectrum as a small texture, not uniform arrays: indexing a uniform array in a loop makes
// every fragment on llvmpipe several times slower, whichever path it takes.
//   texel (bin, 0): mu/rho of basis 0-3, (bin, 1): basis 4-7 (cm^2/g), (bin, 2).r: the bin's weight
uniform sampler2D spectrum;
uniform int bin_count;
uniform float window_low;
uniform float window_high;
layout(location = 0) out vec4 color;
layout(location = 1) out float detected_transmission;  // for the imaging chain on the CPU

float beer_lambert(vec4 a, vec4 b) {
  float sum = 0.0, weights = 0.0;
  for (int k = 0; k < bin_count; ++k) {
    float exponent = dot(texelFetch(spectrum, ivec2(k, 0), 0), a) + dot(texelFetch(spectrum, ivec2(k, 1), 0), b);
    float w = texelFetch(spectrum, ivec2(k, 2), 0).r;
    sum += w * exp(-exponent);
    weights += w;
  }
  return sum / max(weights, 1e-30);
}

void main() {
  vec4 da = patient_only ? vec4(0.0) : texture(device_channels_0_3, uv);
  vec4 db = patient_only ? vec4(0.0) : texture(device_channels_4_7, uv);
  float t;
  if (use_patient_transmission && da == vec4(0.0) && db == vec4(0.0))
    t = texture(patient_transmission, uv).r;
  else
    t = beer_lambert(texture(channels_0_3, uv) + da, texture(channels_4_7, uv) + db);
  detected_transmission = t;
  float log_signal = -log(max(t, 1e-30));
  float gray = clamp(1.0 - (log_signal - window_low) / (window_high - window_low), 0.0, 1.0);
  color = vec4(vec3(gray), 1.0);
}
