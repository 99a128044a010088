"""check_fit warns when a route tool gets a body its route is wrong for, naming the better route."""

from __future__ import annotations

from runcomfy_skills.routing.router import check_fit

A = "https://cdn.example.com/"


def test_a_video_in_seedreams_frame_list_points_to_wan(catalog) -> None:
    warnings = check_fit(catalog, "seedream_4_0_edit_sequential", {"prompt": "x", "images": [A + "1.png", A + "c.mp4"]})
    assert warnings[0].startswith("`images[1]` looks like a video file (c.mp4)")
    assert "wan_2_7_edit_video" in warnings[-1]


def test_a_face_swap_route_short_of_images_names_the_one_image_route(catalog) -> None:
    warnings = check_fit(catalog, "gpt_image_2_edit", {"prompt": "x", "images": [A + "scene.jpg"]})
    assert "needs at least 2" in warnings[0] and "flux_1_kontext_pro_edit" in warnings[1]


def test_an_image_route_given_a_video_names_the_video_route(catalog) -> None:
    warnings = check_fit(catalog, "flux_1_kontext_pro_edit", {"prompt": "x", "image_url": A + "clip.mp4"})
    assert "expects an image file" in warnings[0] and "wan_2_2_animate" in warnings[-1]


def test_several_scenes_on_gpt_image_2_point_to_nano_banana(catalog) -> None:
    warnings = check_fit(catalog, "gpt_image_2_edit", {"prompt": "x", "images": [A + f"{i}.jpg" for i in range(3)]})
    assert "is meant for 2" in warnings[0] and "nano_banana_2_edit" in warnings[1]


def test_a_removal_prompt_on_the_restyle_route_points_to_wan(catalog) -> None:
    warnings = check_fit(catalog, "lucy_edit_restyle", {"prompt": "remove the watermark", "video_url": A + "a.mp4"})
    assert warnings == ['Lucy Edit Restyle is not meant for prompts that say "remove", "watermark"; '
                        "`wan_2_7_edit_video` (Wan 2.7 Edit-Video (default)) is."]


def test_a_body_that_fits_gets_no_warning(catalog) -> None:
    assert check_fit(catalog, "wan_2_7_edit_video", {"prompt": "remove the logo", "video": A + "a.mp4"}) == []
