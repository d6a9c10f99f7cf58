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
uniform int bin_count;
uniform float bin_weight[16];
uniform vec4 mass_attenuation[32];  // [2*bin] basis 0-3, [2*bin+1] basis 4-7 (cm^2/g)
uniform float window_low;
uniform float window_high;
layout(location = 0) out vec4 color;
layout(location = 1) out float detected_transmission;  // for the imaging chain on the CPU

void main() {
  vec4 a = texture(channels_0_3, uv) + texture(device_channels_0_3, uv);
  vec4 b = texture(channels_4_7, uv) + texture(device_channels_4_7, uv);
  float sum = 0.0, weights = 0.0;
  for (int k = 0; k < bin_count; ++k) {
    float exponent = dot(mass_attenuation[2 * k], a) + dot(mass_attenuation[2 * k + 1], b);
    sum += bin_weight[k] * exp(-exponent);
    weights += bin_weight[k];
  }
  float t = sum / max(weights, 1e-30);
  detected_transmission = t;
  float log_signal = -log(max(t, 1e-30));
  float gray = clamp(1.0 - (log_signal - window_low) / (window_high - window_low), 0.0, 1.0);
  color = vec4(vec3(gray), 1.0);
}
