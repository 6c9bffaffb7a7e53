"""What each finding says: what is wrong (or right), why a bar raiser cares, how to fix it."""

# strengths
FIRST_PERSON = ("Something you did yourself, said plainly: the interviewer can picture it and "
                "credit it to you.")
CONCRETE_ACTION = ("A distinct step you took. Each different thing you did is new evidence of "
                   "how you work.")
VALIDATION = ("You checked before acting (you reproduced, measured or compared). A bar "
              "raiser trusts a fix whose cause was confirmed.")
BOUNDARY = ("The ownership boundary is stated: whose it was, or what you took on yourself. "
            "This sentence is the proof of ownership.")
NUMBER = "A measured figure. Numbers make the result believable and comparable."
BASELINE = ("Before and after, in numbers. A bar raiser wants the change, not just the end "
            "state: keep the baseline next to the outcome.")
BUSINESS = ("The result is translated into business or customer value, which is what the "
            "interviewer will repeat in the debrief.")
SECOND_ORDER = ("A knock-on effect beyond the fix (a pattern adopted, a standard changed). "
                "This is what lifts an answer from Hire to Strong Hire.")
REFLECTION_PRESENT = "There is a reflection: the interviewer hears what you took away."
KEY_PHRASE = "Covers one of this scenario's key phrases."
SIGNAL = "A signal of the principle you are answering for."
SPECIFIC = ("The reflection ties back to this story's own details, so it reads as real "
            "insight rather than a slogan.")
DEPTH = "The reflection has the depth this level calls for."

# problems
MISSING = {
    "situation": ("The Situation is missing. Without context the interviewer cannot judge the "
                  "stakes. Say where you were and what was going wrong."),
    "task": ("The Task is missing. A bar raiser cannot tell what was yours to do, or whether "
             "it was assigned. Say what you set out to do, and whose problem it was."),
    "action": ("The Action is missing, and it is most of the answer: it is where the "
               "interviewer looks for your own contribution. Walk through what you did, "
               "step by step, as it happened."),
    "result": ("The Result is missing. Without an outcome there is no evidence the actions "
               "mattered. Say what changed (where it started and where it ended), what that "
               "was worth, and what happened next."),
    "reflection": ("The Reflection is missing. The interviewer learns nothing about how you "
                   "grow. Say what this story changed in how you work."),
}
WE = ("The team did this, so the interviewer cannot tell what you did. Say which part was "
      "yours, and give others their credit separately.")
WEAK_VERB = ("'Helped' or 'was involved' hides the work: the interviewer cannot tell what "
             "you did. Say the thing you physically did.")
GUESSING = ("You acted on a guess. A bar raiser reads this as risky. If you did confirm the "
            "cause, say how; if you did not, say what you would check now.")
HANDOFF = ("The problem was handed to someone else to fix. That is routing, not ownership, "
           "and caps the answer. Fix: bring a solution and drive it to done yourself.")
ESCALATION = ("You raised the problem but brought no solution. Escalation alone passes the "
              "work on. Fix: escalate for visibility, and arrive with a tested fix or a plan.")
MANAGER_ASKED = ("You acted because you were told to. For ownership that is a disqualifier: "
                 "the interviewer wants work you took on yourself. Fix: tell a story where "
                 "you saw the problem and nobody asked.")
ASKED_BEYOND = ("The work started from an ask, and the answer also shows you going past it. "
                "Make sure the part nobody asked for is the centre of the story.")
BLAME = ("Blaming others. A bar raiser hears someone who will not own outcomes. Fix: describe "
         "what happened neutrally and focus on what you did about it.")
VAGUE_MOTIVATION = ("The motivation is passive. The interviewer wants to hear that you saw a "
                    "risk to customers or the business. Fix: say what was at stake and why "
                    "that made it yours.")
HYPOTHETICAL = ("A hypothetical: what you would do, not what you did. Behavioural questions "
                "want a real past event. Fix: tell it in the past tense, as it happened.")
FILLER = "Filler words. They cost time and confidence. Fix: pause instead."
VAGUE = ("A vague result with no measure. 'Happy' and 'improved' cannot be compared or "
         "believed. Fix: give the before and after in numbers and what it was worth.")
NO_NUMBERS = ("No number in the Result. Bar raisers look for quantified impact. Fix: the "
              "metric before and after, plus money, time or customers affected.")
PRECISION = ("A very precise figure with no baseline. Without a 'from' it sounds invented. "
             "Fix: give the starting point and how you measured it.")
NO_BASELINE = ("There is a number but no baseline. Fix: say where it started ('from X to Y') "
               "so the interviewer sees the change you made.")
NO_BUSINESS = ("The result is not translated into business or customer value. Fix: what did "
               "the change mean in money, time, customers or risk?")
NO_SECOND_ORDER = ("No knock-on effect is mentioned. Fix: did a team adopt your pattern, did a "
                   "process or standard change? That is the Strong Hire signal.")
GENERIC = ("A generic lesson that fits any story. It tells the interviewer nothing new. Fix: "
           "name what this particular story taught you.")
NOT_SPECIFIC = ("The reflection does not connect to the story's details. Fix: refer to what "
                "actually happened and what you now do differently because of it.")
SHALLOW_SENIOR = ("At Senior, the reflection should name a systemic or organisational cause "
                  "(ownership gaps, SLAs, incentives, processes), not only a personal lesson.")
SHALLOW = ("The reflection does not say what you learned or now do differently because of "
           "this story.")
NO_BOUNDARY = ("The interviewer cannot tell whether this was yours to do or assigned to you, "
               "and will assume it was assigned. Tell them whose problem it was and why you "
               "took it on.")
NO_GOAL = ("The Task does not say what you set out to do. Fix: one sentence on your goal and "
           "why it was yours.")
FEW_ACTIONS = ("The interviewer hears few things you actually did. Tell them the steps you "
               "took yourself, in the order you took them.")
NO_VALIDATION = ("No validation step. Fix: say how you confirmed the cause or tested the "
                 "change before relying on it.")
LONG_SETUP = ("A long set-up before the problem. Interviewers lose interest when the "
              "Situation runs on. Fix: reach the problem and the boundary within 30 seconds.")
LONG_PART = ("This part runs well past its target time. Fix: cut detail the interviewer can "
             "ask for in a follow-up.")
OVER_BUDGET = ("The answer runs over the level's time budget. Length without substance "
               "lowers the score. Fix: cut the set-up and keep the Action and Result.")
UNDER_BUDGET = ("The answer is very short for this level. Fix: add the concrete steps and "
                "the measured result.")
FRAGMENTED = ("This reads as a list of phrases and figures, not a story. Key phrases without "
              "a coherent narrative do not score. Fix: tell what happened, in sentences.")
NO_SIGNALS = ("Nothing you did in this story shows the principle you chose. Tell the part of "
              "the story where that behaviour happened: what you did and what it changed.")
KEY_PHRASE_IDEAS = ("Your own story: nothing is required from the model answer. Ideas from it, "
                    "where they fit what you did:")
KEY_PHRASES_MISSED = ("Some of this scenario's key phrases are not covered. Fix: see the hints "
                      "for each part.")
CAP = "Overall score capped: {why}"
UNVERIFIED = ("You say you did not check. A bar raiser will ask how you knew it was right. "
              "Tell them what you checked, or own that you did not and what it cost.")
BYPASS = ("A review or safety step was skipped or switched off. Bar raisers treat this as an "
          "integrity problem: it is the answer they remember. If you did it, tell them what "
          "you did to make it right.")
HIDING = ("A problem kept from the people it affected. Bar raisers treat hiding as an "
          "integrity problem. Tell them who you told, and when.")
CREDIT = ("This reads as taking credit for someone else's work. Bar raisers check whose work "
          "it was; name what others did and what was yours.")
SELF_PRAISE = ("Naming the principle does not show it; the interviewer judges what you did. "
               "Let the actions and the result speak.")
PUSHED_BACK = ("You used your own judgement about an instruction: you questioned it or went "
               "past it. Bar raisers look for exactly this.")
ASKED_ONLY = ("The work started because you were asked. That is fine for this principle; make "
              "sure the answer shows what you decided yourself.")
RELATIVE = ("A relative change ('by 40%', 'halved'). The interviewer will ask: from what? "
            "Give the starting point next to it.")
INFLATED = ("This sounds bigger than one person in that time could do. The interviewer will "
            "probe it: say what was yours, what others did, and how it was measured.")
WRONG_LESSON = ("The lesson drawn is one a bar raiser will hold against you (skip the process, "
                "trust no one, it was all me). Say what you now do differently with others.")
TEAM_ACTION = ("Something the team did. It shows what happened, but the interviewer still needs "
               "to hear which part was yours.")
DELEGATED = ("The fix was passed to someone else to do when they had time. Bar raisers read "
             "that as handing off the part that mattered; say how you saw it through.")
IMPLAUSIBLE = ("A very large figure for a {level} story. The interviewer will probe it: know "
               "how it was measured and what your share of it was.")
BUZZWORDS = ("This reads as buzzwords: words like 'leveraged' or 'drove alignment' name no "
             "act. Say what you physically did: who you talked to, what you built or changed.")
WRONG_PRINCIPLE = ("This reads as {article} {other} story. For {principle}, the interviewer looks "
                   "for someone who {description}")
SCOPE_BELOW_LEVEL = ("The scope of this story sits below {level}: one task, one team. At this "
                     "level the interviewer looks for influence beyond your team, ambiguity "
                     "you resolved, or a mechanism others now use.")
EMPTY = ("The answer is empty. Fill in the five parts: Situation, Task, Action, Result, "
         "Reflection.")
