"""Two browsers: a buyer in the widget and an agent in the console, live, then back to the bot."""
from __future__ import annotations

from tests.e2e.conftest import PASSWORD
from tests.e2e.test_widget_browser import open_widget, send, shot


def test_complaint_reaches_an_agent_who_talks_live_and_returns_the_chat(browser, servers):
    agent_context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    buyer_context = browser.new_context(viewport={"width": 1200, "height": 800}, locale="zh-CN")
    agent, buyer = agent_context.new_page(), buyer_context.new_page()
    agent.on("dialog", lambda dialog: dialog.accept())
    try:
        agent.goto(f"{servers['base']}/console")
        agent.fill('[data-console="username"]', "xiaomei")
        agent.fill('[data-console="password"]', PASSWORD)
        agent.click('[data-console="login"]')
        agent.wait_for_selector('[data-console="queue"]', state="visible")

        open_widget(buyer, servers)
        complaint = "卫衣破洞还不给退，你们就是骗子，我要投诉"
        reply = send(buyer, complaint)
        assert "人工" in reply or "客服" in reply

        ticket = agent.locator('[data-console="ticket"]', has_text="卫衣破洞").first
        ticket.wait_for(timeout=20_000)
        shot(agent, "20-console-queue")
        ticket.locator('[data-console="claim"]').click()
        transcript = agent.locator('[data-console="transcript"]')
        transcript.locator('[data-console="message"][data-sender="buyer"]', has_text="卫衣破洞").wait_for()

        buyer.locator('[data-xiaoer="message"][data-sender="notice"]', has_text="小美").wait_for(timeout=15_000)
        agent.fill('[data-console="reply"]', "亲，我是客服小美，非常抱歉，马上为您处理退货")
        agent.click('[data-console="send"]')
        buyer.locator('[data-xiaoer="message"][data-sender="agent"]', has_text="客服小美").wait_for(timeout=15_000)
        shot(buyer, "21-buyer-sees-agent")

        buyer.fill('[data-xiaoer="input"]', "好的，订单号1001202611000003")
        buyer.press('[data-xiaoer="input"]', "Enter")
        transcript.locator('[data-console="message"][data-sender="buyer"]', has_text="1001202611000003").wait_for(timeout=15_000)
        shot(agent, "22-agent-sees-buyer")

        agent.click('[data-console="return"]')
        buyer.locator('[data-xiaoer="message"][data-sender="notice"]').last.wait_for()
        buyer.wait_for_timeout(500)
        answer = send(buyer, "包邮吗")
        assert "运费" in answer or "包邮" in answer
        shot(buyer, "23-bot-answers-again")
    finally:
        agent_context.close()
        buyer_context.close()
