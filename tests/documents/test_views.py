from django.urls import reverse


def test_home_shows_counts_latest_announcements_and_ministries(client, global_rnd):
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="ko">' in page
    assert "국가·연구기관·연구자·다자 차원에서 과학기술 국제협력을 전방위로 지원한다" in page
    assert "<dt>발표문</dt><dd>2</dd>" in page
    assert "과학기술정보통신부 (Ministry of Science and ICT)" in page
    # Abolished ministries are history, not the current government.
    assert "미래창조과학부" not in page


def test_home_escapes_text_from_press_releases(client, global_rnd):
    announcement = global_rnd["announcement"]
    announcement.title = '<script>alert("x")</script>'
    announcement.save()
    page = client.get(reverse("home")).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
