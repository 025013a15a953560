"""Halo widths of the tiled pass, from the receptive field of each stage of AKNet."""

from __future__ import annotations

from dataclasses import dataclass

from core.tiled.windows import round_up


@dataclass(frozen=True)
class Margins:
    """Halo widths in full-resolution pixels (multiples of 4) at each stage boundary."""

    encoder_input: int  # phase A: image halo
    encoder_full_out: int  # ... kept after the full-res encoder stage
    fam_half_in: int
    encoder_half_in: int
    encoder_half_out: int
    fam_quarter_in: int
    encoder_quarter_in: int
    decoder_quarter_in: int  # phase B: halo of the 1/4-scale decoder stage
    fusion_half_in: int  # phase C
    decoder_half_in: int
    fusion_full_in: int
    decoder_full_in: int
    skip_full_input: int  # image halo to recompute the full-res skip feature

    @classmethod
    def for_blocks(cls, blocks: int) -> Margins:
        """Margins for stages of `blocks` residual blocks (each 2 convolutions of radius 1)."""
        r = 2 * blocks  # receptive radius of a stage, in pixels of its own scale
        enc_q_in = round_up(4 * r)
        fam_q_in = round_up(enc_q_in + 4)
        enc_h_out = round_up(fam_q_in + 2)  # stride-2 conv: one half-scale pixel = 2 full pixels
        enc_h_in = round_up(enc_h_out + 2 * r)
        fam_h_in = round_up(enc_h_in + 2)
        enc_f_out = round_up(fam_h_in + 1)
        enc_input = round_up(enc_f_out + r + 1)
        dec_f_in = round_up(1 + r)
        ff_in = round_up(dec_f_in + 3)  # fusion: 5×5 reassembly (2) + 3×3 kernel encoder (1)
        dec_h_in = round_up(ff_in + 2 * r)
        fh_in = round_up(dec_h_in + 6)  # the same fusion radius, at half scale
        return cls(
            encoder_input=enc_input, encoder_full_out=enc_f_out, fam_half_in=fam_h_in,
            encoder_half_in=enc_h_in, encoder_half_out=enc_h_out, fam_quarter_in=fam_q_in,
            encoder_quarter_in=enc_q_in, decoder_quarter_in=round_up(4 * r), fusion_half_in=fh_in,
            decoder_half_in=dec_h_in, fusion_full_in=ff_in, decoder_full_in=dec_f_in,
            skip_full_input=round_up(ff_in + r + 1),
        )  # fmt: skip
