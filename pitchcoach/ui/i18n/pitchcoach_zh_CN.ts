<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>BestCard</name>
        <message>
            <source>Personal best</source>
            <translation>个人最佳</translation>
        </message>
        <message>
            <source>The mean of clarity and listener focus, held down by timing when the take was far off its target. This is your highest so far.</source>
            <translation>清晰度与听众导向的平均分；若时长偏离目标太多会被拉低。这是你目前的最高分。</translation>
        </message>
        <message>
            <source>How easy that take was to follow: pace, fillers and hesitations, pauses, plain words, saying what you do, and how clearly it was heard.</source>
            <translation>这次练习是否容易听懂：语速、填充词与迟疑、停顿、用词是否平实、是否说清你做什么，以及发音是否清楚。</translation>
        </message>
        <message>
            <source>How much that take was about the listener: a question for them, you/I balance, who it helps, an offer of help, and no hard sell.</source>
            <translation>这次练习有多关注听众：是否向对方提问、“你/我”是否平衡、说明帮助了谁、主动提供帮助，以及没有硬推销。</translation>
        </message>
        <message>
            <source>Personal best clarity</source>
            <translation>个人最佳清晰度</translation>
        </message>
        <message>
            <source>Personal best listener focus</source>
            <translation>个人最佳听众导向</translation>
        </message>
        <message>
            <source>No scored takes yet</source>
            <translation>还没有已评分的练习</translation>
        </message>
        <message>
            <source>Clarity {score}</source>
            <translation>清晰度 {score}</translation>
        </message>
        <message>
            <source>Listener focus {score}</source>
            <translation>听众导向 {score}</translation>
        </message>
        <message>
            <source>Overall, on {day} (one take)</source>
            <translation>总分，{day}（同一次练习）</translation>
        </message>
    </context>
    <context>
        <name>CategoryCard</name>
        <message>
            <source>{title} score</source>
            <translation>{title}得分</translation>
        </message>
        <message>
            <source>n/a</source>
            <translation>不适用</translation>
        </message>
        <message>
            <source>not applicable</source>
            <translation>不适用</translation>
        </message>
        <message>
            <source>{score} of {weight}</source>
            <translation>{score}/{weight}</translation>
        </message>
        <message>
            <source>{part}: {said}</source>
            <translation>{part}：{said}</translation>
        </message>
    </context>
    <context>
        <name>CompareDialog</name>
        <message>
            <source>{seconds} s</source>
            <translation>{seconds} 秒</translation>
        </message>
        <message>
            <source>Compare takes</source>
            <translation>比较练习</translation>
        </message>
        <message>
            <source>Take A</source>
            <translation>练习 A</translation>
        </message>
        <message>
            <source>Take B</source>
            <translation>练习 B</translation>
        </message>
        <message>
            <source>Change</source>
            <translation>变化</translation>
        </message>
        <message>
            <source>Speech time</source>
            <translation>说话时长</translation>
        </message>
        <message>
            <source>Points kept per rule (rules at full marks in both are not listed)</source>
            <translation>各规则得分（两次都满分的规则不列出）</translation>
        </message>
        <message>
            <source>Fixed since A: </source>
            <translation>相比 A 已改进：</translation>
        </message>
        <message>
            <source>, </source>
            <translation>、</translation>
        </message>
        <message>
            <source>New in B: </source>
            <translation>B 中新出现：</translation>
        </message>
        <message>
            <source>Wording ({pct} the same)</source>
            <translation>措辞（{pct} 相同）</translation>
        </message>
        <message>
            <source>{struck}struck through&lt;/span&gt;: only in A · {marked}marked&lt;/span&gt;: only in B</source>
            <translation>{struck}删除线&lt;/span&gt;：仅在 A 中 · {marked}标记&lt;/span&gt;：仅在 B 中</translation>
        </message>
        <message>
            <source>Word differences</source>
            <translation>用词差异</translation>
        </message>
        <message>
            <source>Overall</source>
            <translation>总分</translation>
        </message>
        <message>
            <source>Clarity</source>
            <translation>清晰度</translation>
        </message>
        <message>
            <source>Listener focus</source>
            <translation>听众导向</translation>
        </message>
        <message>
            <source>Timing</source>
            <translation>时长</translation>
        </message>
    </context>
    <context>
        <name>DeductionRow</name>
        <message>
            <source>−{points} points</source>
            <translation>−{points} 分</translation>
        </message>
        <message>
            <source>Try this:</source>
            <translation>试试：</translation>
        </message>
        <message>
            <source>{rule}, minus {points} points</source>
            <translation>{rule}，扣 {points} 分</translation>
        </message>
    </context>
    <context>
        <name>DrillBanner</name>
        <message>
            <source>End drill</source>
            <translation>结束专项练习</translation>
        </message>
        <message>
            <source>Drill: {title}</source>
            <translation>专项练习：{title}</translation>
        </message>
        <message>
            <source>Prompt: {prompt}</source>
            <translation>题目：{prompt}</translation>
        </message>
        <message>
            <source>Drill in progress: {title}</source>
            <translation>正在进行专项练习：{title}</translation>
        </message>
    </context>
    <context>
        <name>DrillVerdictCard</name>
        <message>
            <source>Passed ✓</source>
            <translation>通过 ✓</translation>
        </message>
        <message>
            <source>Not yet ✗</source>
            <translation>未通过 ✗</translation>
        </message>
        <message>
            <source>{title}: {outcome}</source>
            <translation>{title}：{outcome}</translation>
        </message>
        <message>
            <source>Drill passed: {why}</source>
            <translation>专项练习通过：{why}</translation>
        </message>
        <message>
            <source>Drill not passed: {why}</source>
            <translation>专项练习未通过：{why}</translation>
        </message>
    </context>
    <context>
        <name>DrillsPage</name>
        <message>
            <source>Drills</source>
            <translation>专项练习</translation>
        </message>
        <message>
            <source>Short exercises that train one skill each. Three passes in a row master it.</source>
            <translation>每个简短练习只练一项技能。连续通过三次即为掌握。</translation>
        </message>
        <message>
            <source>This week</source>
            <translation>本周</translation>
        </message>
        <message>
            <source>Weekly goal:</source>
            <translation>每周目标：</translation>
        </message>
        <message>
            <source> takes or drills</source>
            <translation> 次练习</translation>
        </message>
        <message>
            <source>Weekly goal</source>
            <translation>每周目标</translation>
        </message>
        <message>
            <source>Start suggested drill</source>
            <translation>开始推荐的专项练习</translation>
        </message>
        <message>
            <source>Skills</source>
            <translation>技能</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>开始</translation>
        </message>
        <message>
            <source>Start drill: {title}</source>
            <translation>开始专项练习：{title}</translation>
        </message>
        <message>
            <source>Focus skill</source>
            <translation>重点技能</translation>
        </message>
        <message>
            <source>Your history is not available.</source>
            <translation>无法使用你的练习历史。</translation>
        </message>
        <message>
            <source>Your history could not be read ({error}).</source>
            <translation>无法读取你的练习历史（{error}）。</translation>
        </message>
        <message>
            <source>{done} of {goal} takes or drills this week: reached — well done!</source>
            <translation>本周已练习 {done}/{goal} 次：目标达成，做得好！</translation>
        </message>
        <message>
            <source>{done} of {goal} takes or drills this week: {left} to go</source>
            <translation>本周已练习 {done}/{goal} 次：还差 {left} 次</translation>
        </message>
        <message>
            <source>Streak: 1 day</source>
            <translation>连续练习：1 天</translation>
        </message>
        <message>
            <source>Streak: {n} days</source>
            <translation>连续练习：{n} 天</translation>
        </message>
        <message>
            <source> ({n} missed day forgiven)</source>
            <translation>（已宽免 {n} 天缺练）</translation>
        </message>
        <message>
            <source>. One missed day is forgiven.</source>
            <translation>。缺练一天不会中断连续记录。</translation>
        </message>
        <message>
            <source>Last tries: {passed} of {tries} passed</source>
            <translation>最近几次：{tries} 次中通过 {passed} 次</translation>
        </message>
        <message>
            <source>Record a few full takes: the next drill is suggested from them.</source>
            <translation>先录几次完整练习，系统会据此推荐下一个专项练习。</translation>
        </message>
        <message>
            <source>Suggested next: {drill}. “{rule}” cost you {points} points over your last take.</source>
            <translation>推荐下一个：{drill}。上一次练习中，“{rule}”让你失了 {points} 分。</translation>
        </message>
        <message>
            <source>Suggested next: {drill}. “{rule}” cost you {points} points over your last {n} takes.</source>
            <translation>推荐下一个：{drill}。最近 {n} 次练习中，“{rule}”共让你失了 {points} 分。</translation>
        </message>
        <message>
            <source>No full takes yet to follow this skill in.</source>
            <translation>还没有可用来跟踪此技能的完整练习。</translation>
        </message>
        <message>
            <source>Points lost on this skill — first: {first}, best: {best}, latest: {latest} (over {n} full takes; fewer is better).</source>
            <translation>此技能失分——首次：{first}，最佳：{best}，最近：{latest}（共 {n} 次完整练习；越少越好）。</translation>
        </message>
        <message>
            <source>points lost</source>
            <translation>失分</translation>
        </message>
        <message>
            <source>full take</source>
            <translation>完整练习</translation>
        </message>
        <message>
            <source>Focus skill chart</source>
            <translation>重点技能图表</translation>
        </message>
    </context>
    <context>
        <name>HistoryHost</name>
        <message>
            <source>History</source>
            <translation>历史</translation>
        </message>
        <message>
            <source>Your past takes will be listed here.</source>
            <translation>你以往的练习会列在这里。</translation>
        </message>
    </context>
    <context>
        <name>HistoryPage</name>
        <message>
            <source>Delete 1 take</source>
            <translation>删除 1 次练习</translation>
        </message>
        <message>
            <source>Delete {n} takes</source>
            <translation>删除 {n} 次练习</translation>
        </message>
        <message>
            <source>History</source>
            <translation>历史</translation>
        </message>
        <message>
            <source>Filter by date, band or note…</source>
            <translation>按日期、等级或备注筛选…</translation>
        </message>
        <message>
            <source>Filter takes</source>
            <translation>筛选练习</translation>
        </message>
        <message>
            <source>Filter by date, band</source>
            <translation>按日期、等级或备注筛选</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>打开</translation>
        </message>
        <message>
            <source>Compare</source>
            <translation>比较</translation>
        </message>
        <message>
            <source>Select two takes (Ctrl+click) to compare them</source>
            <translation>选择两次练习（Ctrl+单击）进行比较</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Set-aside copy of your history</source>
            <translation>历史记录的备份副本</translation>
        </message>
        <message>
            <source>Restore</source>
            <translation>恢复</translation>
        </message>
        <message>
            <source>Restore the takes of the set-aside copy</source>
            <translation>从备份副本恢复练习</translation>
        </message>
        <message>
            <source>Add every take that can still be read from the copy back into your history</source>
            <translation>把副本中仍可读取的练习全部加回历史记录</translation>
        </message>
        <message>
            <source>Export its takes</source>
            <translation>导出其中的练习</translation>
        </message>
        <message>
            <source>Export the takes of the set-aside copy</source>
            <translation>导出备份副本中的练习</translation>
        </message>
        <message>
            <source>Save every take that can still be read from the copy to a file</source>
            <translation>把副本中仍可读取的练习全部保存到文件</translation>
        </message>
        <message>
            <source>Undo</source>
            <translation>撤销</translation>
        </message>
        <message>
            <source>Dismiss</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Practice streak</source>
            <translation>连续练习</translation>
        </message>
        <message>
            <source>Typical (last {n})</source>
            <translation>常见水平（最近 {n} 次）</translation>
        </message>
        <message>
            <source>Most frequent issue (last {n})</source>
            <translation>最常见问题（最近 {n} 次）</translation>
        </message>
        <message>
            <source>No takes yet. Record a take on the Practice page (or open an audio file); every scored take is saved here so you can see how you improve.</source>
            <translation>还没有练习。请在“练习”页录一段（或打开音频文件）；每次评分的练习都会保存在这里，方便你看到自己的进步。</translation>
        </message>
        <message>
            <source>Saved takes</source>
            <translation>已保存的练习</translation>
        </message>
        <message>
            <source>Delete take</source>
            <translation>删除练习</translation>
        </message>
        <message>
            <source>Redo</source>
            <translation>重做</translation>
        </message>
        <message>
            <source>Open take</source>
            <translation>打开练习</translation>
        </message>
        <message>
            <source>Your history database was damaged, so PitchCoach set it aside as {file} and started a new one. Your recordings are kept; the app offers unsaved ones for analysis when it starts.</source>
            <translation>你的历史数据库已损坏，PitchCoach 已将其另存为 {file} 并新建了一个。你的录音都还在；应用启动时会提示分析尚未保存的录音。</translation>
        </message>
        <message>
            <source>Longest: {n} days</source>
            <translation>最长：{n} 天</translation>
        </message>
        <message>
            <source>Your longest yet</source>
            <translation>这是你的最长纪录</translation>
        </message>
        <message>
            <source>Practise today to keep it going. </source>
            <translation>今天练一次，保持连续。</translation>
        </message>
        <message>
            <source>Practise today to start a streak</source>
            <translation>今天练一次，开始连续纪录</translation>
        </message>
        <message>
            <source>Longest so far: {days}</source>
            <translation>目前最长：{days}</translation>
        </message>
        <message>
            <source>Median overall of your last {n} scored takes</source>
            <translation>最近 {n} 次已评分练习的总分中位数</translation>
        </message>
        <message>
            <source>None yet</source>
            <translation>暂无</translation>
        </message>
        <message>
            <source>Scored takes will show what costs you the most points.</source>
            <translation>评分后的练习会显示你在哪方面失分最多。</translation>
        </message>
        <message>
            <source>In {k} of your last {n} scored takes. {tip}</source>
            <translation>最近 {n} 次已评分练习中有 {k} 次出现。{tip}</translation>
        </message>
        <message>
            <source>1 take</source>
            <translation>1 次练习</translation>
        </message>
        <message>
            <source>{n} takes</source>
            <translation>{n} 次练习</translation>
        </message>
        <message>
            <source>1 day</source>
            <translation>1 天</translation>
        </message>
        <message>
            <source>{n} days</source>
            <translation>{n} 天</translation>
        </message>
        <message>
            <source>Deleted 1 take and its audio.</source>
            <translation>已删除 1 次练习及其音频。</translation>
        </message>
        <message>
            <source>Deleted {n} takes and their audio.</source>
            <translation>已删除 {n} 次练习及其音频。</translation>
        </message>
        <message>
            <source> (1 older copy also kept)</source>
            <translation>（另有 1 个较早的副本）</translation>
        </message>
        <message>
            <source> ({n} older copies also kept)</source>
            <translation>（另有 {n} 个较早的副本）</translation>
        </message>
        <message>
            <source>A damaged copy of your history was set aside as {file}{more}. Restore adds every take that can still be read from it back into your history (nothing you have now is replaced); Export its takes saves them to a file.</source>
            <translation>一份损坏的历史记录已另存为 {file}{more}。“恢复”会把其中仍可读取的练习加回历史记录（不会替换现有内容）；“导出其中的练习”会把它们保存到文件。</translation>
        </message>
        <message>
            <source>Restoring the takes of {file}…</source>
            <translation>正在从 {file} 恢复练习…</translation>
        </message>
        <message>
            <source>Restored 1 take</source>
            <translation>已恢复 1 次练习</translation>
        </message>
        <message>
            <source>Restored {n} takes</source>
            <translation>已恢复 {n} 次练习</translation>
        </message>
        <message>
            <source>{n} already in your history</source>
            <translation>{n} 次已在历史记录中</translation>
        </message>
        <message>
            <source>{n} could not be read</source>
            <translation>{n} 次无法读取</translation>
        </message>
        <message>
            <source>; </source>
            <translation>；</translation>
        </message>
        <message>
            <source>. The copy is kept as {file}.</source>
            <translation>。副本保留为 {file}。</translation>
        </message>
        <message>
            <source>Export the set-aside takes</source>
            <translation>导出备份副本中的练习</translation>
        </message>
        <message>
            <source>Exported 1 take of the set-aside copy to {file}.</source>
            <translation>已将备份副本中的 1 次练习导出到 {file}。</translation>
        </message>
        <message>
            <source>Exported {n} takes of the set-aside copy to {file}.</source>
            <translation>已将备份副本中的 {n} 次练习导出到 {file}。</translation>
        </message>
        <message>
            <source> {n} could not be read.</source>
            <translation>另有 {n} 次无法读取。</translation>
        </message>
        <message>
            <source>{error} The list now shows the takes there are.</source>
            <translation>{error} 列表现在显示的是实际存在的练习。</translation>
        </message>
        <message>
            <source> · rehearsals, key points said: {coverage}</source>
            <translation> · 排练说到的要点：{coverage}</translation>
        </message>
    </context>
    <context>
        <name>HistoryTableModel</name>
        <message>
            <source>{seconds} s</source>
            <translation>{seconds} 秒</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Speech</source>
            <translation>说话时长</translation>
        </message>
        <message>
            <source>Overall</source>
            <translation>总分</translation>
        </message>
        <message>
            <source>Clarity</source>
            <translation>清晰度</translation>
        </message>
        <message>
            <source>Listener focus</source>
            <translation>听众导向</translation>
        </message>
        <message>
            <source>Band</source>
            <translation>等级</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>语言</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>备注</translation>
        </message>
        <message>
            <source>Not scored</source>
            <translation>未评分</translation>
        </message>
        <message>
            <source>Drill: passed</source>
            <translation>练习：通过</translation>
        </message>
        <message>
            <source>Drill: not yet</source>
            <translation>练习：未通过</translation>
        </message>
        <message>
            <source>A drill take ({skill}): left out of the trend and the personal best</source>
            <translation>练习录音（{skill}）：不计入趋势和个人最佳</translation>
        </message>
        <message>
            <source>{speech} s of speech in {audio} s of audio; target {target} s</source>
            <translation>{audio} 秒音频中说话 {speech} 秒；目标 {target} 秒</translation>
        </message>
        <message>
            <source>Not scored: {reason}</source>
            <translation>未评分：{reason}</translation>
        </message>
        <message>
            <source>Tags: </source>
            <translation>标签：</translation>
        </message>
        <message>
            <source>{band} · pitch {coverage}%</source>
            <translation>{band} · 稿子 {coverage}%</translation>
        </message>
        <message>
            <source>Rehearsed against your written pitch: {coverage}% of its key points said</source>
            <translation>按你写好的稿子排练：说到了 {coverage}% 的要点</translation>
        </message>
    </context>
    <context>
        <name>LanguageFilter</name>
        <message>
            <source>Show takes in</source>
            <translation>显示哪种语言的练习</translation>
        </message>
        <message>
            <source>Show the takes of one pitch language</source>
            <translation>只显示某一种介绍语言的练习</translation>
        </message>
        <message>
            <source>All languages</source>
            <translation>全部语言</translation>
        </message>
    </context>
    <context>
        <name>LevelMeter</name>
        <message>
            <source>Input level</source>
            <translation>输入音量</translation>
        </message>
        <message>
            <source>Microphone input level in decibels</source>
            <translation>麦克风输入音量（分贝）</translation>
        </message>
        <message>
            <source>Input level {db} dB</source>
            <translation>输入音量 {db} dB</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Practice</source>
            <translation>练习</translation>
        </message>
        <message>
            <source>Results</source>
            <translation>结果</translation>
        </message>
        <message>
            <source>History</source>
            <translation>历史</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <source>Team</source>
            <translation>团队</translation>
        </message>
        <message>
            <source>Drills</source>
            <translation>专项练习</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Open audio…</source>
            <translation>打开音频(&amp;O)…</translation>
        </message>
        <message>
            <source>&amp;Export report…</source>
            <translation>导出报告(&amp;E)…</translation>
        </message>
        <message>
            <source>Export &amp;progress report…</source>
            <translation>导出进度报告(&amp;P)…</translation>
        </message>
        <message>
            <source>&amp;Try again</source>
            <translation>再试一次(&amp;T)</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <source>Theme</source>
            <translation>主题</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <source>What makes a good introduction</source>
            <translation>怎样才算好的自我介绍</translation>
        </message>
        <message>
            <source>Open &amp;log folder</source>
            <translation>打开日志文件夹(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;About PitchCoach</source>
            <translation>关于 PitchCoach(&amp;A)</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>正在加载…</translation>
        </message>
        <message>
            <source>Loaded: {name}</source>
            <translation>已加载：{name}</translation>
        </message>
        <message>
            <source>Recording…</source>
            <translation>正在录音…</translation>
        </message>
        <message>
            <source>Recording in progress</source>
            <translation>正在录音</translation>
        </message>
        <message>
            <source>Stop the current take before opening a file.</source>
            <translation>请先停止当前录音，再打开文件。</translation>
        </message>
        <message>
            <source>That file can't be analysed</source>
            <translation>无法分析该文件</translation>
        </message>
        <message>
            <source>Analysing the first of {count} files: {name}</source>
            <translation>正在分析 {count} 个文件中的第一个：{name}</translation>
        </message>
        <message>
            <source>Skill mastered: three passes in a row!</source>
            <translation>技能已掌握：连续通过三次！</translation>
        </message>
        <message>
            <source>Weekly goal reached: {goal} takes or drills this week.</source>
            <translation>每周目标已达成：本周已练习 {goal} 次。</translation>
        </message>
        <message>
            <source>T&amp;eleprompter</source>
            <translation>提词器(&amp;E)</translation>
        </message>
    </context>
    <context>
        <name>PageStack</name>
        <message>
            <source>Pages</source>
            <translation>页面</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>设置</translation>
        </message>
    </context>
    <context>
        <name>PeriodDialog</name>
        <message>
            <source>Export progress report</source>
            <translation>导出进度报告</translation>
        </message>
        <message>
            <source>Which days should the report cover?</source>
            <translation>报告要涵盖哪几天？</translation>
        </message>
        <message>
            <source>First day</source>
            <translation>起始日</translation>
        </message>
        <message>
            <source>First day:</source>
            <translation>起始日：</translation>
        </message>
        <message>
            <source>Last day</source>
            <translation>截止日</translation>
        </message>
        <message>
            <source>Last day:</source>
            <translation>截止日：</translation>
        </message>
        <message>
            <source>Export…</source>
            <translation>导出…</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>导出</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
    </context>
    <context>
        <name>PitchCard</name>
        <message>
            <source>Language of the written pitch</source>
            <translation>自我介绍文字的语言</translation>
        </message>
        <message>
            <source>Your pitch is written in Chinese, but the pitch language is English: a take would be heard as English and could not follow it. The check and the counts read the text as Chinese.</source>
            <translation>你的自我介绍是用中文写的，但介绍语言是英语：录音会按英语来听，无法对照这段文字排练。文字检查和字数按中文计算。</translation>
        </message>
        <message>
            <source>Pitch in Mandarin</source>
            <translation>改用普通话</translation>
        </message>
        <message>
            <source>Switch the pitch language to Mandarin Chinese</source>
            <translation>把介绍语言改为普通话</translation>
        </message>
        <message>
            <source>Your pitch is written in English, but the pitch language is Mandarin Chinese: a take would be heard as Mandarin and could not follow it. The check and the counts read the text as English.</source>
            <translation>你的自我介绍是用英文写的，但介绍语言是普通话：录音会按普通话来听，无法对照这段文字排练。文字检查和词数按英文计算。</translation>
        </message>
        <message>
            <source>Pitch in English</source>
            <translation>改用英语</translation>
        </message>
        <message>
            <source>Switch the pitch language</source>
            <translation>切换介绍语言</translation>
        </message>
        <message>
            <source>Switch the pitch language to English</source>
            <translation>把介绍语言改为英语</translation>
        </message>
        <message>
            <source>Your pitch could not be saved ({error}). It is still in the editor: try Save version again.</source>
            <translation>你的自我介绍未能保存（{error}）。文字仍在编辑框中：请再点一次“保存版本”。</translation>
        </message>
        <message>
            <source>My pitch</source>
            <translation>我的自我介绍</translation>
        </message>
        <message>
            <source>Rehearse</source>
            <translation>排练</translation>
        </message>
        <message>
            <source>Rehearsal mode</source>
            <translation>排练方式</translation>
        </message>
        <message>
            <source>Don't rehearse</source>
            <translation>不排练</translation>
        </message>
        <message>
            <source>Read along</source>
            <translation>照稿读</translation>
        </message>
        <message>
            <source>From memory</source>
            <translation>脱稿背诵</translation>
        </message>
        <message>
            <source>Who you are · what you do and for whom · proof · a question or an offer</source>
            <translation>你是谁 · 你为谁做什么 · 佐证 · 一个问题或主动提供帮助</translation>
        </message>
        <message>
            <source>Write your pitch here: each sentence is one key point.</source>
            <translation>在这里写下你的自我介绍：每句话就是一个要点。</translation>
        </message>
        <message>
            <source>Pitch length</source>
            <translation>介绍长度</translation>
        </message>
        <message>
            <source>Check the text</source>
            <translation>检查文稿</translation>
        </message>
        <message>
            <source>Check my pitch's text</source>
            <translation>检查我的自我介绍文稿</translation>
        </message>
        <message>
            <source>The rules that judge words alone, and the length, before you record</source>
            <translation>录音前，先用只看文字的规则和时长检查一遍</translation>
        </message>
        <message>
            <source>Mark key point</source>
            <translation>标为要点</translation>
        </message>
        <message>
            <source>Mark the selected words as a key point</source>
            <translation>把选中的文字标为要点</translation>
        </message>
        <message>
            <source>Each sentence is a key point until you mark phrases: select words and mark them, and only the marked phrases are checked when you rehearse</source>
            <translation>在你标记短语之前，每句话都是一个要点：选中文字并标记后，排练时只检查已标记的短语</translation>
        </message>
        <message>
            <source>Save version</source>
            <translation>保存版本</translation>
        </message>
        <message>
            <source>Save this version of my pitch</source>
            <translation>保存这一版自我介绍</translation>
        </message>
        <message>
            <source>What the text check found</source>
            <translation>文稿检查结果</translation>
        </message>
        <message>
            <source>Rehearsal progress</source>
            <translation>排练进度</translation>
        </message>
        <message>
            <source> · 1 version saved</source>
            <translation> · 已保存 1 个版本</translation>
        </message>
        <message>
            <source> · {n} versions saved</source>
            <translation> · 已保存 {n} 个版本</translation>
        </message>
        <message>
            <source>1 marked key point</source>
            <translation>1 个已标记要点</translation>
        </message>
        <message>
            <source>{n} marked key points</source>
            <translation>{n} 个已标记要点</translation>
        </message>
        <message>
            <source>1 key point</source>
            <translation>1 个要点</translation>
        </message>
        <message>
            <source>{n} key points</source>
            <translation>{n} 个要点</translation>
        </message>
        <message>
            <source>{points} · {count} {units} · about {s} s spoken (target {target} s){saved}</source>
            <translation>{points} · {count} {units} · 朗读约 {s} 秒（目标 {target} 秒）{saved}</translation>
        </message>
        <message>
            <source>The text passes every check that applies before you speak.</source>
            <translation>文稿通过了开口前适用的所有检查。</translation>
        </message>
        <message>
            <source>Write your pitch first.</source>
            <translation>请先写下你的自我介绍。</translation>
        </message>
        <message>
            <source>Teleprompter</source>
            <translation>提词器</translation>
        </message>
        <message>
            <source>Show the pitch in large type</source>
            <translation>用大字显示我的自我介绍</translation>
        </message>
        <message>
            <source>Your pitch in large type, following you as you read it (Esc leaves)</source>
            <translation>用大字显示你的自我介绍，随你朗读向下滚动（按 Esc 退出）</translation>
        </message>
    </context>
    <context>
        <name>PitchLanguageCombo</name>
        <message>
            <source>Pitch language</source>
            <translation>介绍语言</translation>
        </message>
        <message>
            <source>The language you will pitch in: the speech model and the scoring rules follow it. Detect automatically hears each take first (a little slower).</source>
            <translation>你做自我介绍所用的语言：语音识别模型和评分规则都会随之调整。“自动检测”会先识别每次练习的语言（稍慢一些）。</translation>
        </message>
        <message>
            <source>Detect automatically</source>
            <translation>自动检测</translation>
        </message>
    </context>
    <context>
        <name>PracticePage</name>
        <message>
            <source>{elapsed} s  /  {target} s</source>
            <translation>{elapsed} 秒  /  {target} 秒</translation>
        </message>
        <message>
            <source>Practise your introduction</source>
            <translation>练习你的自我介绍</translation>
        </message>
        <message>
            <source>Microphone problem</source>
            <translation>麦克风问题</translation>
        </message>
        <message>
            <source>Check for a microphone again</source>
            <translation>重新检测麦克风</translation>
        </message>
        <message>
            <source>● Record</source>
            <translation>● 录音</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>录音</translation>
        </message>
        <message>
            <source>Start or stop recording your pitch. Shortcut: Space.</source>
            <translation>开始或停止录制你的自我介绍。快捷键：空格。</translation>
        </message>
        <message>
            <source>Start or stop recording (Space)</source>
            <translation>开始或停止录音（空格）</translation>
        </message>
        <message>
            <source>Elapsed time</source>
            <translation>已用时间</translation>
        </message>
        <message>
            <source>Recording state</source>
            <translation>录音状态</translation>
        </message>
        <message>
            <source>Word count</source>
            <translation>词数</translation>
        </message>
        <message>
            <source>Input level</source>
            <translation>输入音量</translation>
        </message>
        <message>
            <source>Microphone in use</source>
            <translation>当前麦克风</translation>
        </message>
        <message>
            <source>Pitch language</source>
            <translation>介绍语言</translation>
        </message>
        <message>
            <source>Analysing</source>
            <translation>正在分析</translation>
        </message>
        <message>
            <source>Progress</source>
            <translation>进度</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Cancel analysis</source>
            <translation>取消分析</translation>
        </message>
        <message>
            <source>Stop analysing this file; nothing of it is saved</source>
            <translation>停止分析此文件；不会保存任何内容</translation>
        </message>
        <message>
            <source>&lt;ol style='margin-left:-20px'&gt;&lt;li&gt;&lt;b&gt;Who you are&lt;/b&gt;: your name and what you do, in plain words.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Who you help&lt;/b&gt; and what changes for them (“…so that they can …”).&lt;/li&gt;&lt;li&gt;&lt;b&gt;A question for them&lt;/b&gt;: hand the conversation over, e.g. “What brings you here tonight?”&lt;/li&gt;&lt;/ol&gt;</source>
            <translation>&lt;ol style='margin-left:-20px'&gt;&lt;li&gt;&lt;b&gt;你是谁&lt;/b&gt;：用平实的话说出你的名字和你做什么。&lt;/li&gt;&lt;li&gt;&lt;b&gt;你帮助谁&lt;/b&gt;，以及他们会有什么改变（“……让他们能够……”）。&lt;/li&gt;&lt;li&gt;&lt;b&gt;向对方提个问题&lt;/b&gt;：把话题交给对方，例如“今晚是什么让你来参加的？”&lt;/li&gt;&lt;/ol&gt;</translation>
        </message>
        <message>
            <source>You'll get a score for clarity and for listener focus, with a fix for every point lost.</source>
            <translation>你会得到清晰度和听众导向两项评分，每处失分都附有改进建议。</translation>
        </message>
        <message>
            <source>Got it</source>
            <translation>知道了</translation>
        </message>
        <message>
            <source>Hide these tips</source>
            <translation>隐藏这些提示</translation>
        </message>
        <message>
            <source>Already have a recording?</source>
            <translation>已经有录音了？</translation>
        </message>
        <message>
            <source>Open audio file…</source>
            <translation>打开音频文件…</translation>
        </message>
        <message>
            <source>Open audio file</source>
            <translation>打开音频文件</translation>
        </message>
        <message>
            <source>Analyse a WAV, FLAC, MP3 or other audio file (Ctrl+O)</source>
            <translation>分析 WAV、FLAC、MP3 等音频文件（Ctrl+O）</translation>
        </message>
        <message>
            <source>Aim for about {t} seconds ({lo}–{hi} {units}). Press Space or the button to start and stop.</source>
            <translation>目标约 {t} 秒（{lo}–{hi} {units}）。按空格键或按钮开始和停止。</translation>
        </message>
        <message>
            <source>{n} {units} so far (budget {lo}–{hi}){over}</source>
            <translation>目前 {n} {units}（预算 {lo}–{hi}）{over}</translation>
        </message>
        <message>
            <source>Counting your {units}…</source>
            <translation>正在统计{units}数…</translation>
        </message>
        <message>
            <source>{n} {units} (budget {lo}–{hi}){state}</source>
            <translation>{n} {units}（预算 {lo}–{hi}）{state}</translation>
        </message>
        <message>
            <source>What a good {t}-second introduction does</source>
            <translation>一段好的 {t} 秒自我介绍应该做到</translation>
        </message>
        <message>
            <source>No microphone was found, so recording is off. Plug one in or enable it in your system's sound settings, then check again.</source>
            <translation>未找到麦克风，因此无法录音。请接上麦克风或在系统声音设置中启用它，然后重新检测。</translation>
        </message>
        <message>
            <source>{reason} You can still analyse an existing recording with “Open audio file…”.</source>
            <translation>{reason} 你仍可通过“打开音频文件…”分析已有录音。</translation>
        </message>
        <message>
            <source>Microphone: none found</source>
            <translation>麦克风：未找到</translation>
        </message>
        <message>
            <source>Recording needs a microphone: none was found</source>
            <translation>录音需要麦克风：未找到</translation>
        </message>
        <message>
            <source>Disabled: no microphone was found.</source>
            <translation>已停用：未找到麦克风。</translation>
        </message>
        <message>
            <source>Microphone: {name}</source>
            <translation>麦克风：{name}</translation>
        </message>
        <message>
            <source>Transcribing… {pct} %</source>
            <translation>正在转写… {pct}%</translation>
        </message>
        <message>
            <source>Cancelling…</source>
            <translation>正在取消…</translation>
        </message>
        <message>
            <source>Over time by {over} s: wrap up with your question</source>
            <translation>已超时 {over} 秒：用你的问题收尾吧</translation>
        </message>
        <message>
            <source>On target ({lo}–{hi} s): time to ask your question</source>
            <translation>时长达标（{lo}–{hi} 秒）：该提出你的问题了</translation>
        </message>
        <message>
            <source>Recording…</source>
            <translation>正在录音…</translation>
        </message>
        <message>
            <source>Opened {name}: {seconds} s</source>
            <translation>已打开 {name}：{seconds} 秒</translation>
        </message>
        <message>
            <source>Opening {name}…</source>
            <translation>正在打开 {name}…</translation>
        </message>
        <message>
            <source> · over budget</source>
            <translation> · 超出预算</translation>
        </message>
        <message>
            <source> · on budget</source>
            <translation> · 符合预算</translation>
        </message>
        <message>
            <source> · under budget</source>
            <translation> · 低于预算</translation>
        </message>
        <message>
            <source>Word budget: {lo}–{hi} words</source>
            <translation>词数预算：{lo}–{hi} 词</translation>
        </message>
        <message>
            <source>Character budget: {lo}–{hi} characters</source>
            <translation>字数预算：{lo}–{hi} 字</translation>
        </message>
        <message>
            <source>■ Stop</source>
            <translation>■ 停止</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>停止</translation>
        </message>
        <message>
            <source>Ready when you are</source>
            <translation>准备好就开始吧</translation>
        </message>
        <message>
            <source>Last take: {s} s</source>
            <translation>上次练习：{s} 秒</translation>
        </message>
    </context>
    <context>
        <name>QAbstractFileIconProvider</name>
        <message>
            <source>Folder</source>
            <comment>All other platforms</comment>
            <translation>文件夹</translation>
        </message>
        <message>
            <source>Shortcut</source>
            <comment>All other platforms</comment>
            <translation>快捷方式</translation>
        </message>
        <message>
            <source>Drive</source>
            <translation>驱动器</translation>
        </message>
    </context>
    <context>
        <name>QFileDialog</name>
        <message>
            <source>&amp;Look in:</source>
            <translation>查找范围(&amp;L)：</translation>
        </message>
        <message>
            <source>Look in:</source>
            <translation>查找范围：</translation>
        </message>
        <message>
            <source>Files of &amp;type:</source>
            <translation>文件类型(&amp;T)：</translation>
        </message>
        <message>
            <source>Files of type:</source>
            <translation>文件类型：</translation>
        </message>
    </context>
    <context>
        <name>RehearsalCard</name>
        <message>
            <source>Rehearsal against your pitch</source>
            <translation>对照你的讲稿排练</translation>
        </message>
        <message>
            <source>Rehearsal result</source>
            <translation>排练结果</translation>
        </message>
    </context>
    <context>
        <name>ReportExports</name>
        <message>
            <source>Nothing to export yet</source>
            <translation>暂无可导出的内容</translation>
        </message>
        <message>
            <source>Record or open a take first; then export its report.</source>
            <translation>请先录制或打开一次练习，再导出报告。</translation>
        </message>
        <message>
            <source>Still refining this take</source>
            <translation>仍在精细分析这次练习</translation>
        </message>
        <message>
            <source>Reports are made from the full recording, which is still being transcribed. Export again in a moment.</source>
            <translation>报告基于完整录音生成，而完整录音仍在转写中。请稍后再导出。</translation>
        </message>
        <message>
            <source>This take is not in the history</source>
            <translation>这次练习不在历史记录中</translation>
        </message>
        <message>
            <source>Reports are made from saved takes, and only scored takes are saved.</source>
            <translation>报告基于已保存的练习生成，只有评分的练习才会保存。</translation>
        </message>
        <message>
            <source>Reports are made from saved takes; this one could not be saved.</source>
            <translation>报告基于已保存的练习生成；这次练习未能保存。</translation>
        </message>
        <message>
            <source>The report could not be exported</source>
            <translation>无法导出报告</translation>
        </message>
        <message>
            <source>Nothing to report yet</source>
            <translation>暂无可报告的内容</translation>
        </message>
        <message>
            <source>Record or open a take first; the progress report summarises your saved takes.</source>
            <translation>请先录制或打开一次练习；进度报告汇总你已保存的练习。</translation>
        </message>
    </context>
    <context>
        <name>ResultsPage</name>
        <message>
            <source>Your take</source>
            <translation>你的练习</translation>
        </message>
        <message>
            <source>Export report…</source>
            <translation>导出报告…</translation>
        </message>
        <message>
            <source>Export report</source>
            <translation>导出报告</translation>
        </message>
        <message>
            <source>Save this take's coaching report (Ctrl+E)</source>
            <translation>保存这次练习的辅导报告（Ctrl+E）</translation>
        </message>
        <message>
            <source>Try again</source>
            <translation>再试一次</translation>
        </message>
        <message>
            <source>Back to the practice page for another take (Ctrl+R)</source>
            <translation>回到练习页再录一次（Ctrl+R）</translation>
        </message>
        <message>
            <source>Practise this</source>
            <translation>专项练习</translation>
        </message>
        <message>
            <source>Start the drill for this take's costliest issue</source>
            <translation>针对这次练习失分最多的问题开始专项练习</translation>
        </message>
        <message>
            <source>Refining</source>
            <translation>精细分析中</translation>
        </message>
        <message>
            <source>Result status</source>
            <translation>结果状态</translation>
        </message>
        <message>
            <source>Keep quick result</source>
            <translation>保留快速结果</translation>
        </message>
        <message>
            <source>Stop refining and save this result now; the full recording is analysed next start</source>
            <translation>停止精细分析并立即保存此结果；完整录音将在下次启动时分析</translation>
        </message>
        <message>
            <source>What happened during recording</source>
            <translation>录音时的情况</translation>
        </message>
        <message>
            <source>No score for this take</source>
            <translation>这次练习没有评分</translation>
        </message>
        <message>
            <source>Why there is no score</source>
            <translation>为什么没有评分</translation>
        </message>
        <message>
            <source>What was kept of this take</source>
            <translation>这次练习保留了哪些内容</translation>
        </message>
        <message>
            <source>Overall</source>
            <translation>总分</translation>
        </message>
        <message>
            <source>Clarity</source>
            <translation>清晰度</translation>
        </message>
        <message>
            <source>Listener focus</source>
            <translation>听众导向</translation>
        </message>
        <message>
            <source>Pitch structure</source>
            <translation>介绍结构</translation>
        </message>
        <message>
            <source>Fix first</source>
            <translation>优先改进</translation>
        </message>
        <message>
            <source>More detail</source>
            <translation>更多详情</translation>
        </message>
        <message>
            <source>What went well</source>
            <translation>做得好的地方</translation>
        </message>
        <message>
            <source>Transcript</source>
            <translation>文字稿</translation>
        </message>
        <message>
            <source>▶ Play take</source>
            <translation>▶ 播放录音</translation>
        </message>
        <message>
            <source>Play take</source>
            <translation>播放录音</translation>
        </message>
        <message>
            <source>Playback position</source>
            <translation>播放位置</translation>
        </message>
        <message>
            <source>Quick result from the live transcript · refining with the full recording…</source>
            <translation>基于实时转写的快速结果 · 正在用完整录音精细分析…</translation>
        </message>
        <message>
            <source> Provisional: the live transcript repeated itself, and the repeat was left out.</source>
            <translation> 暂定结果：实时转写出现了重复，重复部分已略去。</translation>
        </message>
        <message>
            <source>Quick result from the live transcript: it is refined with the full recording at the next start.</source>
            <translation>基于实时转写的快速结果：下次启动时会用完整录音精细分析。</translation>
        </message>
        <message>
            <source>Refined with the full recording</source>
            <translation>已用完整录音精细分析</translation>
        </message>
        <message>
            <source>Checked against the full recording</source>
            <translation>已对照完整录音核查</translation>
        </message>
        <message>
            <source>Quick result from the live transcript · refining with the full recording… {pct} %</source>
            <translation>基于实时转写的快速结果 · 正在用完整录音精细分析… {pct}%</translation>
        </message>
        <message>
            <source>this take</source>
            <translation>这次练习</translation>
        </message>
        <message>
            <source>{name} · {language} · {speech} s of speech against a {target} s target · {pace}{count} {units}</source>
            <translation>{name} · {language} · 说话 {speech} 秒，目标 {target} 秒 · {pace}{count} {units}</translation>
        </message>
        <message>
            <source>Your recording is kept in History, without a transcript.</source>
            <translation>你的录音已保存在历史记录中，但没有文字稿。</translation>
        </message>
        <message>
            <source>We couldn't score this take</source>
            <translation>无法为这次练习评分</translation>
        </message>
        <message>
            <source>{band}: {score} out of 100</source>
            <translation>{band}：{score} 分（满分 100）</translation>
        </message>
        <message>
            <source>Practise this: {drill}</source>
            <translation>专项练习：{drill}</translation>
        </message>
        <message>
            <source>More detail ({n} more)</source>
            <translation>更多详情（还有 {n} 项）</translation>
        </message>
        <message>
            <source>Note: {note}</source>
            <translation>注：{note}</translation>
        </message>
        <message>
            <source>Legend: {name}</source>
            <translation>图例：{name}</translation>
        </message>
        <message>
            <source>■ Stop playback</source>
            <translation>■ 停止播放</translation>
        </message>
        <message>
            <source>Stop playback</source>
            <translation>停止播放</translation>
        </message>
    </context>
    <context>
        <name>ScenarioFilter</name>
        <message>
            <source>Show takes practised for</source>
            <translation>显示以下场景的练习</translation>
        </message>
        <message>
            <source>Show the takes practised for one scenario</source>
            <translation>只显示为某个场景所做的练习</translation>
        </message>
        <message>
            <source>All scenarios</source>
            <translation>所有场景</translation>
        </message>
    </context>
    <context>
        <name>ScenarioPicker</name>
        <message>
            <source>Practising for</source>
            <translation>练习场景</translation>
        </message>
        <message>
            <source>Scenario</source>
            <translation>场景</translation>
        </message>
        <message>
            <source>The room you are practising for: the timer, the budget and the scoring follow it (Custom: your own target, set in Settings)</source>
            <translation>你要面对的场合：计时、词数预算和评分都会随之调整（自定义：使用你在设置中定的目标时长）</translation>
        </message>
        <message>
            <source>About this scenario</source>
            <translation>关于此场景</translation>
        </message>
    </context>
    <context>
        <name>ScoreDial</name>
        <message>
            <source>Overall score</source>
            <translation>总分</translation>
        </message>
        <message>
            <source>No score</source>
            <translation>无评分</translation>
        </message>
        <message>
            <source>{score} out of 100, {band}</source>
            <translation>{score} 分（满分 100），{band}</translation>
        </message>
    </context>
    <context>
        <name>SettingsPage</name>
        <message>
            <source>Choose a model folder</source>
            <translation>选择模型文件夹</translation>
        </message>
        <message>
            <source> s</source>
            <translation> 秒</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <source>Microphone</source>
            <translation>麦克风</translation>
        </message>
        <message>
            <source>Input device</source>
            <translation>输入设备</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Refresh device list</source>
            <translation>刷新设备列表</translation>
        </message>
        <message>
            <source>Look for microphones again (after plugging one in)</source>
            <translation>重新查找麦克风（接上新麦克风后）</translation>
        </message>
        <message>
            <source>Input device:</source>
            <translation>输入设备：</translation>
        </message>
        <message>
            <source>Test level</source>
            <translation>测试音量</translation>
        </message>
        <message>
            <source>Test microphone level</source>
            <translation>测试麦克风音量</translation>
        </message>
        <message>
            <source>Speak: the bar should reach the green part. Nothing is saved.</source>
            <translation>请说话：音量条应达到绿色区域。不会保存任何内容。</translation>
        </message>
        <message>
            <source>Test input level</source>
            <translation>测试输入音量</translation>
        </message>
        <message>
            <source>Level:</source>
            <translation>音量：</translation>
        </message>
        <message>
            <source>Practice</source>
            <translation>练习</translation>
        </message>
        <message>
            <source>Target length in seconds</source>
            <translation>目标时长（秒）</translation>
        </message>
        <message>
            <source>How long your introduction should be ({lo}–{hi} s; {typical} s is typical)</source>
            <translation>自我介绍应有多长（{lo}–{hi} 秒；通常为 {typical} 秒）</translation>
        </message>
        <message>
            <source>{lo}–{hi} s; about {typical} s suits most networking events. Setting it picks the Custom scenario</source>
            <translation>{lo}–{hi} 秒；约 {typical} 秒适合大多数社交活动。设置此项会选用“自定义”场景</translation>
        </message>
        <message>
            <source>Target length:</source>
            <translation>目标时长：</translation>
        </message>
        <message>
            <source>Pitch language:</source>
            <translation>介绍语言：</translation>
        </message>
        <message>
            <source>Colour theme</source>
            <translation>配色主题</translation>
        </message>
        <message>
            <source>Follow the system</source>
            <translation>跟随系统</translation>
        </message>
        <message>
            <source>Light</source>
            <translation>浅色</translation>
        </message>
        <message>
            <source>Dark</source>
            <translation>深色</translation>
        </message>
        <message>
            <source>Theme:</source>
            <translation>主题：</translation>
        </message>
        <message>
            <source>Interface language</source>
            <translation>界面语言</translation>
        </message>
        <message>
            <source>Follow the system ({language})</source>
            <translation>跟随系统（{language}）</translation>
        </message>
        <message>
            <source>Interface language:</source>
            <translation>界面语言：</translation>
        </message>
        <message>
            <source>Takes effect the next time PitchCoach starts.</source>
            <translation>下次启动 PitchCoach 时生效。</translation>
        </message>
        <message>
            <source>When the language changes</source>
            <translation>语言何时切换</translation>
        </message>
        <message>
            <source>Open lexicon folder</source>
            <translation>打开词库文件夹</translation>
        </message>
        <message>
            <source>Add your own filler, jargon or hedge words as text files here</source>
            <translation>在这里以文本文件添加你自己的填充词、术语或含糊词</translation>
        </message>
        <message>
            <source>Check word lists</source>
            <translation>检查词表</translation>
        </message>
        <message>
            <source>Check your word lists for problems</source>
            <translation>检查你的词表是否有问题</translation>
        </message>
        <message>
            <source>Read your word lists again and list any line that cannot be used</source>
            <translation>重新读取词表，并列出无法使用的行</translation>
        </message>
        <message>
            <source>Word lists:</source>
            <translation>词表：</translation>
        </message>
        <message>
            <source>Word list problems</source>
            <translation>词表问题</translation>
        </message>
        <message>
            <source>Speech model</source>
            <translation>语音识别模型</translation>
        </message>
        <message>
            <source>Bundled tiny.en (English, fast, works offline)</source>
            <translation>内置 tiny.en（英语，速度快，可离线使用）</translation>
        </message>
        <message>
            <source>Use the bundled model</source>
            <translation>使用内置模型</translation>
        </message>
        <message>
            <source>A model folder on this computer (CTranslate2 format, with model.bin)</source>
            <translation>本机上的模型文件夹（CTranslate2 格式，含 model.bin）</translation>
        </message>
        <message>
            <source>Use a local model folder</source>
            <translation>使用本地模型文件夹</translation>
        </message>
        <message>
            <source>Folder containing model.bin</source>
            <translation>包含 model.bin 的文件夹</translation>
        </message>
        <message>
            <source>Model folder</source>
            <translation>模型文件夹</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <source>Browse for a model folder</source>
            <translation>浏览模型文件夹</translation>
        </message>
        <message>
            <source>Use this model</source>
            <translation>使用此模型</translation>
        </message>
        <message>
            <source>Load the chosen model</source>
            <translation>加载所选模型</translation>
        </message>
        <message>
            <source>Model status</source>
            <translation>模型状态</translation>
        </message>
        <message>
            <source>System default</source>
            <translation>系统默认</translation>
        </message>
        <message>
            <source>  (default)</source>
            <translation>（默认）</translation>
        </message>
        <message>
            <source>{name} (not connected)</source>
            <translation>{name}（未连接）</translation>
        </message>
        <message>
            <source>No microphone found. Plug one in or enable it in your system sound settings, then press Refresh.</source>
            <translation>未找到麦克风。请接上麦克风或在系统声音设置中启用它，然后点“刷新”。</translation>
        </message>
        <message>
            <source>1 input device found.</source>
            <translation>找到 1 个输入设备。</translation>
        </message>
        <message>
            <source>{n} input devices found.</source>
            <translation>找到 {n} 个输入设备。</translation>
        </message>
        <message>
            <source>Stop test</source>
            <translation>停止测试</translation>
        </message>
        <message>
            <source>Speak normally: the bar should reach the green part.</source>
            <translation>请正常说话：音量条应达到绿色区域。</translation>
        </message>
        <message>
            <source>The microphone stopped sending sound. Check the connection and try again.</source>
            <translation>麦克风没有声音输入了。请检查连接后重试。</translation>
        </message>
        <message>
            <source>Saved. Restart PitchCoach to see it in {language}. Your takes and settings stay as they are.</source>
            <translation>已保存。重启 PitchCoach 后界面将切换为{language}。你的练习记录和设置保持不变。</translation>
        </message>
        <message>
            <source>Checking your word lists…</source>
            <translation>正在检查你的词表…</translation>
        </message>
        <message>
            <source>Your word lists are fine: every line can be used.</source>
            <translation>你的词表没有问题：每一行都可以使用。</translation>
        </message>
        <message>
            <source>…and {n} more (see the log file).</source>
            <translation>……另有 {n} 行（见日志文件）。</translation>
        </message>
        <message>
            <source>1 line in your word lists cannot be used and is skipped:</source>
            <translation>你的词表中有 1 行无法使用，已跳过：</translation>
        </message>
        <message>
            <source>{n} lines in your word lists cannot be used and are skipped:</source>
            <translation>你的词表中有 {n} 行无法使用，已跳过：</translation>
        </message>
        <message>
            <source>Enter or browse to a folder that contains model.bin.</source>
            <translation>请输入或浏览到包含 model.bin 的文件夹。</translation>
        </message>
    </context>
    <context>
        <name>StatusLine</name>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Working</source>
            <translation>处理中</translation>
        </message>
    </context>
    <context>
        <name>StructureStrip</name>
        <message>
            <source>Pitch structure</source>
            <translation>介绍结构</translation>
        </message>
        <message>
            <source>none</source>
            <translation>无</translation>
        </message>
        <message>
            <source>Present: {present}. Missing: {missing}.</source>
            <translation>已包含：{present}。缺少：{missing}。</translation>
        </message>
        <message>
            <source>, </source>
            <translation>、</translation>
        </message>
    </context>
    <context>
        <name>TakeController</name>
        <message>
            <source>Ready</source>
            <translation>就绪</translation>
        </message>
        <message>
            <source>Speech model not loaded</source>
            <translation>语音识别模型未加载</translation>
        </message>
        <message>
            <source>Loading speech model…</source>
            <translation>正在加载语音识别模型…</translation>
        </message>
        <message>
            <source>The speech model could not be loaded</source>
            <translation>无法加载语音识别模型</translation>
        </message>
        <message>
            <source>You can still record: takes are saved and analysed once a model loads (Settings ▸ Speech model).</source>
            <translation>你仍然可以录音：练习会先保存，等模型加载后再分析（设置 ▸ 语音识别模型）。</translation>
        </message>
        <message>
            <source>Saving your take…</source>
            <translation>正在保存你的练习…</translation>
        </message>
        <message>
            <source>Saved, not analysed yet</source>
            <translation>已保存，尚未分析</translation>
        </message>
        <message>
            <source>Your take is saved in {path}. It will be analysed once the speech model loads.</source>
            <translation>你的练习已保存在 {path}。语音识别模型加载后会进行分析。</translation>
        </message>
        <message>
            <source>Waiting for the speech model to finish loading…</source>
            <translation>正在等待语音识别模型加载完成…</translation>
        </message>
        <message>
            <source>Analysing {file}…</source>
            <translation>正在分析 {file}…</translation>
        </message>
        <message>
            <source>Transcribing and scoring your take…</source>
            <translation>正在转写并为你的练习评分…</translation>
        </message>
        <message>
            <source>Finishing the transcript and scoring your take…</source>
            <translation>正在完成转写并为你的练习评分…</translation>
        </message>
        <message>
            <source>Transcribing the full recording…</source>
            <translation>正在转写完整录音…</translation>
        </message>
        <message>
            <source>Refining with the full recording…</source>
            <translation>正在用完整录音精细分析…</translation>
        </message>
        <message>
            <source>The quick result could not be saved</source>
            <translation>无法保存快速结果</translation>
        </message>
        <message>
            <source>That recording could not be analysed</source>
            <translation>无法分析该录音</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>已取消</translation>
        </message>
    </context>
    <context>
        <name>TaskRunner</name>
        <message>
            <source>Cancelled.</source>
            <translation>已取消。</translation>
        </message>
    </context>
    <context>
        <name>TeamPage</name>
        <message>
            <source>Team</source>
            <translation>团队</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Read the team folder again</source>
            <translation>重新读取团队文件夹</translation>
        </message>
        <message>
            <source>Export team report…</source>
            <translation>导出团队报告…</translation>
        </message>
        <message>
            <source>Export the team progress report</source>
            <translation>导出团队进度报告</translation>
        </message>
        <message>
            <source>Scenario filter</source>
            <translation>场景筛选</translation>
        </message>
        <message>
            <source>All scenarios</source>
            <translation>所有场景</translation>
        </message>
        <message>
            <source>Language filter</source>
            <translation>语言筛选</translation>
        </message>
        <message>
            <source>All languages</source>
            <translation>所有语言</translation>
        </message>
        <message>
            <source>Period</source>
            <translation>时间段</translation>
        </message>
        <message>
            <source>Scenario:</source>
            <translation>场景：</translation>
        </message>
        <message>
            <source>Language:</source>
            <translation>语言：</translation>
        </message>
        <message>
            <source>Period:</source>
            <translation>时间段：</translation>
        </message>
        <message>
            <source>Members</source>
            <translation>成员</translation>
        </message>
        <message>
            <source>Team members</source>
            <translation>团队成员</translation>
        </message>
        <message>
            <source>The team's most frequent issues</source>
            <translation>团队最常见的问题</translation>
        </message>
        <message>
            <source>Shared takes</source>
            <translation>共享的练习</translation>
        </message>
        <message>
            <source>Shared takes of the selected member</source>
            <translation>所选成员共享的练习</translation>
        </message>
        <message>
            <source>Open take</source>
            <translation>打开练习</translation>
        </message>
        <message>
            <source>Open the selected shared take</source>
            <translation>打开所选的共享练习</translation>
        </message>
        <message>
            <source>Reading the team folder…</source>
            <translation>正在读取团队文件夹…</translation>
        </message>
        <message>
            <source>Reading the team folder… {n} changed file(s) read so far.</source>
            <translation>正在读取团队文件夹…已读取 {n} 个有变化的文件。</translation>
        </message>
        <message>
            <source>{members} member(s), {takes} shared take(s) in this period.</source>
            <translation>此时间段内：{members} 位成员，{takes} 次共享练习。</translation>
        </message>
        <message>
            <source> {n} file(s) ignored (half-synced, conflict copies…): see the log.</source>
            <translation> 已忽略 {n} 个文件（未同步完成、冲突副本等）：详见日志。</translation>
        </message>
        <message>
            <source>Most frequent issues (takes): {listed}</source>
            <translation>最常见的问题（练习次数）：{listed}</translation>
        </message>
        <message>
            <source>No issues in this period.</source>
            <translation>此时间段内没有问题。</translation>
        </message>
        <message>
            <source>This take can't be opened</source>
            <translation>无法打开这次练习</translation>
        </message>
        <message>
            <source>Export team report</source>
            <translation>导出团队报告</translation>
        </message>
        <message>
            <source>PDF (*.pdf);;Web page (*.html)</source>
            <translation>PDF (*.pdf);;网页 (*.html)</translation>
        </message>
        <message>
            <source>Export failed</source>
            <translation>导出失败</translation>
        </message>
    </context>
    <context>
        <name>TeamSettingsCard</name>
        <message>
            <source>Team</source>
            <translation>团队</translation>
        </message>
        <message>
            <source>Share your takes with a coach or team through a folder you already sync (Syncthing, Nextcloud, OneDrive, Dropbox or a network share). PitchCoach writes only into your own folder inside it.</source>
            <translation>通过你已在同步的文件夹（Syncthing、Nextcloud、OneDrive、Dropbox 或网络共享）与教练或团队分享你的练习。PitchCoach 只会写入其中属于你自己的文件夹。</translation>
        </message>
        <message>
            <source>The team folder your sync app keeps</source>
            <translation>由同步应用维护的团队文件夹</translation>
        </message>
        <message>
            <source>Team folder</source>
            <translation>团队文件夹</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <source>Browse for the team folder</source>
            <translation>浏览团队文件夹</translation>
        </message>
        <message>
            <source>Team folder:</source>
            <translation>团队文件夹：</translation>
        </message>
        <message>
            <source>The name your team knows you by</source>
            <translation>团队成员认识你的名字</translation>
        </message>
        <message>
            <source>Your name in the team</source>
            <translation>你在团队中的名字</translation>
        </message>
        <message>
            <source>Your name:</source>
            <translation>你的名字：</translation>
        </message>
        <message>
            <source>What to share of each take by default</source>
            <translation>每次练习默认分享哪些内容</translation>
        </message>
        <message>
            <source>Share by default:</source>
            <translation>默认分享：</translation>
        </message>
        <message>
            <source>Join team</source>
            <translation>加入团队</translation>
        </message>
        <message>
            <source>Join the team folder</source>
            <translation>加入团队文件夹</translation>
        </message>
        <message>
            <source>Leave team…</source>
            <translation>退出团队…</translation>
        </message>
        <message>
            <source>Leave the team and remove your shared takes</source>
            <translation>退出团队并移除你分享的练习</translation>
        </message>
        <message>
            <source>Team status</source>
            <translation>团队状态</translation>
        </message>
        <message>
            <source>You are in the team as {name}. The Team page shows everyone's shared takes.</source>
            <translation>你已以“{name}”的身份加入团队。“团队”页会显示所有人分享的练习。</translation>
        </message>
        <message>
            <source>Not in a team.</source>
            <translation>未加入团队。</translation>
        </message>
        <message>
            <source>Update</source>
            <translation>更新</translation>
        </message>
        <message>
            <source>Choose the team folder</source>
            <translation>选择团队文件夹</translation>
        </message>
        <message>
            <source>Choose the team folder first (Browse…).</source>
            <translation>请先选择团队文件夹（浏览…）。</translation>
        </message>
        <message>
            <source>Joining…</source>
            <translation>正在加入…</translation>
        </message>
        <message>
            <source>Left the team; {n} shared file(s) removed from the team folder.</source>
            <translation>已退出团队；已从团队文件夹中移除 {n} 个分享的文件。</translation>
        </message>
        <message>
            <source>Leave the team?</source>
            <translation>退出团队？</translation>
        </message>
        <message>
            <source>This removes every take you shared from {folder}. Your own history stays on this computer.</source>
            <translation>这会从 {folder} 中移除你分享的所有练习。你自己的历史记录仍保留在本机上。</translation>
        </message>
    </context>
    <context>
        <name>TeamSharing</name>
        <message>
            <source>Shared with your team:</source>
            <translation>与团队共享：</translation>
        </message>
        <message>
            <source>What this take shares with your team</source>
            <translation>这次练习与团队共享的内容</translation>
        </message>
        <message>
            <source>What your team sees of this take</source>
            <translation>你的团队能看到这次练习的哪些内容</translation>
        </message>
        <message>
            <source>the history is not open</source>
            <translation>练习历史未打开</translation>
        </message>
        <message>
            <source>Not shared with your team</source>
            <translation>未与团队共享</translation>
        </message>
        <message>
            <source>{message} The take is saved in your history.</source>
            <translation>{message} 这次练习已保存在你的练习历史中。</translation>
        </message>
        <message>
            <source>Waiting for the team folder (offline or not mounted): shared when it is back.</source>
            <translation>正在等待团队文件夹（离线或未挂载）：恢复后即会共享。</translation>
        </message>
        <message>
            <source>Sharing waits for the team folder</source>
            <translation>共享正在等待团队文件夹</translation>
        </message>
    </context>
    <context>
        <name>TeamTakeView</name>
        <message>
            <source>← Back to the team</source>
            <translation>← 返回团队</translation>
        </message>
        <message>
            <source>Back to the team overview</source>
            <translation>返回团队概览</translation>
        </message>
        <message>
            <source>What cost points</source>
            <translation>失分项</translation>
        </message>
        <message>
            <source>Issues of this take</source>
            <translation>这次练习的问题</translation>
        </message>
        <message>
            <source>Transcript</source>
            <translation>文字稿</translation>
        </message>
        <message>
            <source>Transcript of this take</source>
            <translation>这次练习的文字稿</translation>
        </message>
        <message>
            <source>▶ Play recording</source>
            <translation>▶ 播放录音</translation>
        </message>
        <message>
            <source>Play the shared recording</source>
            <translation>播放共享的录音</translation>
        </message>
        <message>
            <source>Comments</source>
            <translation>评论</translation>
        </message>
        <message>
            <source>Comments on this take</source>
            <translation>对这次练习的评论</translation>
        </message>
        <message>
            <source>Your comment</source>
            <translation>你的评论</translation>
        </message>
        <message>
            <source>Write a comment for this take (the member sees it with the take)</source>
            <translation>为这次练习写评论（成员会在练习旁看到）</translation>
        </message>
        <message>
            <source>Add comment</source>
            <translation>添加评论</translation>
        </message>
        <message>
            <source>Add the comment to this take</source>
            <translation>把评论添加到这次练习</translation>
        </message>
        <message>
            <source>ddd dd MMM yyyy, HH:mm</source>
            <translation>yyyy年M月d日 ddd HH:mm</translation>
        </message>
        <message>
            <source>{name} — {when}</source>
            <translation>{name} — {when}</translation>
        </message>
        <message>
            <source>Overall {overall}  ·  Clarity {clarity}  ·  Listener focus {focus}  ·  {seconds} s  ·  {scenario}, {language}</source>
            <translation>总分 {overall}  ·  清晰度 {clarity}  ·  听众导向 {focus}  ·  {seconds} 秒  ·  {scenario}，{language}</translation>
        </message>
        <message>
            <source>Shared: {level}</source>
            <translation>共享内容：{level}</translation>
        </message>
        <message>
            <source>This file was edited by hand after it was shared.</source>
            <translation>此文件在共享后被手动修改过。</translation>
        </message>
        <message>
            <source>Nothing cost points.</source>
            <translation>没有失分项。</translation>
        </message>
        <message>
            <source>Not shared (the member shared scores and issues only).</source>
            <translation>未共享（该成员只共享了分数和问题）。</translation>
        </message>
        <message>
            <source>The recording was not shared.</source>
            <translation>录音未共享。</translation>
        </message>
        <message>
            <source>dd MMM HH:mm</source>
            <translation>M月d日 HH:mm</translation>
        </message>
        <message>
            <source> (edited by hand)</source>
            <translation>（已手动修改）</translation>
        </message>
        <message>
            <source>No comments yet.</source>
            <translation>还没有评论。</translation>
        </message>
        <message>
            <source>Write something first.</source>
            <translation>请先写点内容。</translation>
        </message>
        <message>
            <source>Comment added. It reaches the member when the folder syncs.</source>
            <translation>评论已添加。文件夹同步后成员即可看到。</translation>
        </message>
        <message>
            <source>■ Stop</source>
            <translation>■ 停止</translation>
        </message>
        <message>
            <source>{name}, {when}: {text}</source>
            <translation>{name}，{when}：{text}</translation>
        </message>
    </context>
    <context>
        <name>Teleprompter</name>
        <message>
            <source>Teleprompter</source>
            <translation>提词器</translation>
        </message>
        <message>
            <source>Esc: back to the Practice page · Space: start or stop the take</source>
            <translation>Esc：返回练习页 · Space：开始或停止录音</translation>
        </message>
        <message>
            <source>Write your pitch first.</source>
            <translation>请先写好你的自我介绍。</translation>
        </message>
        <message>
            <source>Sentence {n}</source>
            <translation>第 {n} 句</translation>
        </message>
        <message>
            <source>Current sentence</source>
            <translation>当前句子</translation>
        </message>
    </context>
    <context>
        <name>ThemeSwitch</name>
        <message>
            <source>Follow the system</source>
            <translation>跟随系统</translation>
        </message>
        <message>
            <source>Light</source>
            <translation>浅色</translation>
        </message>
        <message>
            <source>Dark</source>
            <translation>深色</translation>
        </message>
    </context>
    <context>
        <name>TimerBar</name>
        <message>
            <source>Time against target</source>
            <translation>时长与目标对比</translation>
        </message>
        <message>
            <source>over time</source>
            <translation>超时</translation>
        </message>
        <message>
            <source>on target</source>
            <translation>达标</translation>
        </message>
        <message>
            <source>not yet on target</source>
            <translation>尚未达标</translation>
        </message>
        <message>
            <source>{elapsed} of {target} seconds, {state} (on target: {lo} to {hi} seconds)</source>
            <translation>{elapsed}/{target} 秒，{state}（达标范围：{lo} 至 {hi} 秒）</translation>
        </message>
        <message>
            <source>{n} s</source>
            <translation>{n} 秒</translation>
        </message>
        <message>
            <source>target {t} s</source>
            <translation>目标 {t} 秒</translation>
        </message>
        <message>
            <source>Over time by {over} s</source>
            <translation>超时 {over} 秒</translation>
        </message>
    </context>
    <context>
        <name>TimingCard</name>
        <message>
            <source>Timing</source>
            <translation>时长</translation>
        </message>
        <message>
            <source>Timing score</source>
            <translation>时长得分</translation>
        </message>
        <message>
            <source>{speech} s of speech. On target: {lo}–{hi} s (you aimed for {target} s)</source>
            <translation>说话 {speech} 秒。达标范围：{lo}–{hi} 秒（你的目标是 {target} 秒）</translation>
        </message>
        <message>
            <source>not scored</source>
            <translation>未评分</translation>
        </message>
        <message>
            <source>{value} of 100</source>
            <translation>{value}/100</translation>
        </message>
        <message>
            <source>Timing: {score}. {verdict}</source>
            <translation>时长：{score}。{verdict}</translation>
        </message>
    </context>
    <context>
        <name>TranscriptView</name>
        <message>
            <source>Transcript</source>
            <translation>文字稿</translation>
        </message>
    </context>
    <context>
        <name>TrendChart</name>
        <message>
            <source>Score trend chart</source>
            <translation>得分趋势图</translation>
        </message>
        <message>
            <source>Clarity</source>
            <translation>清晰度</translation>
        </message>
        <message>
            <source>Listener focus</source>
            <translation>听众导向</translation>
        </message>
        <message>
            <source>Overall</source>
            <translation>总分</translation>
        </message>
        <message>
            <source>Median of {n}</source>
            <translation>{n} 次中位数</translation>
        </message>
        <message>
            <source>Personal best {value:.0f}</source>
            <translation>个人最佳 {value:.0f}</translation>
        </message>
        <message>
            <source>Speech seconds</source>
            <translation>说话秒数</translation>
        </message>
        <message>
            <source>Target {value:g} s</source>
            <translation>目标 {value:g} 秒</translation>
        </message>
        <message>
            <source>Take {take}: {s} s of speech (off the scale)</source>
            <translation>第 {take} 次：说话 {s} 秒（超出刻度）</translation>
        </message>
        <message>
            <source>Score</source>
            <translation>得分</translation>
        </message>
        <message>
            <source>Speech (s)</source>
            <translation>说话（秒）</translation>
        </message>
    </context>
    <context>
        <name>TrendPanel</name>
        <message>
            <source>Target note</source>
            <translation>目标说明</translation>
        </message>
        <message>
            <source>By take</source>
            <translation>按练习</translation>
        </message>
        <message>
            <source>By date</source>
            <translation>按日期</translation>
        </message>
        <message>
            <source>Every take the same width; dates mark each new day</source>
            <translation>每次练习等宽；日期标出新的一天</translation>
        </message>
        <message>
            <source>Takes placed at the time they were recorded</source>
            <translation>按录制时间排列练习</translation>
        </message>
        <message>
            <source>Chart empty</source>
            <translation>图表为空</translation>
        </message>
        <message>
            <source>Your scores will be charted here once a take is scored.</source>
            <translation>练习评分后，得分会在这里绘成图表。</translation>
        </message>
        <message>
            <source>None of your takes could be scored yet, so there is nothing to chart.</source>
            <translation>你的练习都还没能评分，因此暂无图表。</translation>
        </message>
        <message>
            <source>, </source>
            <translation>、</translation>
        </message>
        <message>
            <source>1 take against {t} s</source>
            <translation>1 次以 {t} 秒为目标</translation>
        </message>
        <message>
            <source>{k} takes against {t} s</source>
            <translation>{k} 次以 {t} 秒为目标</translation>
        </message>
        <message>
            <source>Target line: {t} s, your current setting. Some takes were timed against a different target: {listed}.</source>
            <translation>目标线：{t} 秒，即你当前的设置。部分练习使用了不同的目标：{listed}。</translation>
        </message>
        <message>
            <source>Target line: {t} s, your current setting.</source>
            <translation>目标线：{t} 秒，即你当前的设置。</translation>
        </message>
    </context>
    <context>
        <name>UnsavedRecordingsBar</name>
        <message>
            <source>Analyse it</source>
            <translation>分析</translation>
        </message>
        <message>
            <source>Analyse all</source>
            <translation>全部分析</translation>
        </message>
        <message>
            <source>Analyse every unsaved recording, one after another</source>
            <translation>依次分析所有未保存的录音</translation>
        </message>
        <message>
            <source>Discard</source>
            <translation>丢弃</translation>
        </message>
        <message>
            <source>Moves the recording to PitchCoach's trash (kept for a day)</source>
            <translation>将录音移到 PitchCoach 的回收站（保留一天）</translation>
        </message>
        <message>
            <source>Later</source>
            <translation>稍后</translation>
        </message>
        <message>
            <source>A {s}-second recording</source>
            <translation>一段 {s} 秒的录音</translation>
        </message>
        <message>
            <source>A recording</source>
            <translation>一段录音</translation>
        </message>
        <message>
            <source>probably because PitchCoach closed unexpectedly</source>
            <translation>可能是因为 PitchCoach 意外关闭</translation>
        </message>
        <message>
            <source> ({n} more after this one)</source>
            <translation>（之后还有 {n} 段）</translation>
        </message>
        <message>
            <source>{what} from {when} was not saved: {why}. Analyse it to add it to your history, dated when it was recorded?{more}</source>
            <translation>{when} 的{what}未保存：{why}。要分析它并按录制时间加入历史记录吗？{more}</translation>
        </message>
        <message>
            <source>Could not move {file} to the trash ({reason}).</source>
            <translation>无法将 {file} 移到回收站（{reason}）。</translation>
        </message>
    </context>
    <context>
        <name>VoiceCard</name>
        <message>
            <source>Voice</source>
            <translation>声音</translation>
        </message>
        <message>
            <source>No voice was heard in this take.</source>
            <translation>这次练习中没有检测到人声。</translation>
        </message>
    </context>
    <context>
        <name>VoiceStrip</name>
        <message>
            <source>Voice: pitch and loudness over time</source>
            <translation>声音：音高和响度随时间的变化</translation>
        </message>
        <message>
            <source>Pitch (st)</source>
            <translation>音高（半音）</translation>
        </message>
        <message>
            <source>Loudness</source>
            <translation>响度</translation>
        </message>
        <message>
            <source>median {hz} Hz · spread {st} semitones</source>
            <translation>中位数 {hz} Hz · 起伏 {st} 个半音</translation>
        </message>
        <message>
            <source>seconds</source>
            <translation>秒</translation>
        </message>
    </context>
    <context>
        <name>_ExportRunnable</name>
        <message>
            <source>Something unexpected went wrong while writing the report. Nothing was saved. Details are in the log file (Help ▸ Open log folder).</source>
            <translation>写入报告时发生意外错误，未保存任何内容。详情见日志文件（帮助 ▸ 打开日志文件夹）。</translation>
        </message>
    </context>
    <context>
        <name>app</name>
        <message>
            <source>Something went wrong</source>
            <translation>出错了</translation>
        </message>
        <message>
            <source>PitchCoach cannot create its data folder {folder} ({reason}).

Check that the location is a writable folder, or set PITCHCOACH_HOME to another folder.</source>
            <translation>PitchCoach 无法创建数据文件夹 {folder}（{reason}）。

请确认该位置是可写的文件夹，或将 PITCHCOACH_HOME 设置为其他文件夹。</translation>
        </message>
    </context>
    <context>
        <name>audio_files</name>
        <message>
            <source>Audio files ({patterns});;All files (*)</source>
            <translation>音频文件 ({patterns});;所有文件 (*)</translation>
        </message>
        <message>
            <source>Open a recording</source>
            <translation>打开录音</translation>
        </message>
    </context>
    <context>
        <name>compare_dialog</name>
        <message>
            <source>not scored</source>
            <translation>未评分</translation>
        </message>
        <message>
            <source>{tag}: take #{id} · {when} · {score}</source>
            <translation>{tag}：第 {id} 次练习 · {when} · {score}</translation>
        </message>
        <message>
            <source>only in take A</source>
            <translation>仅在练习 A 中</translation>
        </message>
        <message>
            <source>only in take B</source>
            <translation>仅在练习 B 中</translation>
        </message>
        <message>
            <source>Neither take has any words.</source>
            <translation>两次练习都没有识别到文字。</translation>
        </message>
    </context>
    <context>
        <name>core_labels</name>
        <message>
            <source>English model {name} (bundled)</source>
            <translation>英语模型 {name}（内置）</translation>
        </message>
        <message>
            <source>Multilingual model {name} (bundled)</source>
            <translation>多语言模型 {name}（内置）</translation>
        </message>
        <message>
            <source>Great</source>
            <translation>优秀</translation>
        </message>
        <message>
            <source>Good</source>
            <translation>良好</translation>
        </message>
        <message>
            <source>Needs work</source>
            <translation>待提高</translation>
        </message>
        <message>
            <source>Rework</source>
            <translation>需重练</translation>
        </message>
        <message>
            <source>Timing</source>
            <translation>时长</translation>
        </message>
        <message>
            <source>Length</source>
            <translation>时长</translation>
        </message>
        <message>
            <source>Pace</source>
            <translation>语速</translation>
        </message>
        <message>
            <source>Fillers and hesitations</source>
            <translation>填充词与迟疑</translation>
        </message>
        <message>
            <source>Pauses</source>
            <translation>停顿</translation>
        </message>
        <message>
            <source>Jargon or vague words</source>
            <translation>术语或含糊用词</translation>
        </message>
        <message>
            <source>Unclear what you do</source>
            <translation>没说清你做什么</translation>
        </message>
        <message>
            <source>Hard to understand</source>
            <translation>难以听懂</translation>
        </message>
        <message>
            <source>No question for them</source>
            <translation>没有向对方提问</translation>
        </message>
        <message>
            <source>Too much about you</source>
            <translation>过多谈论自己</translation>
        </message>
        <message>
            <source>No benefit named</source>
            <translation>没有说明带来的好处</translation>
        </message>
        <message>
            <source>No offer of help</source>
            <translation>没有主动提供帮助</translation>
        </message>
        <message>
            <source>Hard sell</source>
            <translation>硬推销</translation>
        </message>
        <message>
            <source>Flat voice</source>
            <translation>语调平淡</translation>
        </message>
        <message>
            <source>Trailing off</source>
            <translation>句尾无力</translation>
        </message>
        <message>
            <source>Rushed ending</source>
            <translation>结尾仓促</translation>
        </message>
        <message>
            <source>Quiet recording</source>
            <translation>录音音量过低</translation>
        </message>
        <message>
            <source>Plain language</source>
            <translation>用词平实</translation>
        </message>
        <message>
            <source>Says what you do</source>
            <translation>说清你做什么</translation>
        </message>
        <message>
            <source>Easy to understand</source>
            <translation>容易听懂</translation>
        </message>
        <message>
            <source>Asks about them</source>
            <translation>询问对方</translation>
        </message>
        <message>
            <source>You/I balance</source>
            <translation>你/我平衡</translation>
        </message>
        <message>
            <source>Benefit to someone</source>
            <translation>对他人的好处</translation>
        </message>
        <message>
            <source>Offers help</source>
            <translation>主动提供帮助</translation>
        </message>
        <message>
            <source>No hard sell</source>
            <translation>不硬推销</translation>
        </message>
        <message>
            <source>Lively voice</source>
            <translation>语调生动</translation>
        </message>
        <message>
            <source>Strong sentence ends</source>
            <translation>句尾有力</translation>
        </message>
        <message>
            <source>Even pace to the end</source>
            <translation>语速平稳到结尾</translation>
        </message>
        <message>
            <source>Recording level</source>
            <translation>录音音量</translation>
        </message>
        <message>
            <source>Your name</source>
            <translation>你的名字</translation>
        </message>
        <message>
            <source>What you do</source>
            <translation>你做什么</translation>
        </message>
        <message>
            <source>Who it helps</source>
            <translation>帮助谁</translation>
        </message>
        <message>
            <source>Proof</source>
            <translation>佐证</translation>
        </message>
        <message>
            <source>A question for them</source>
            <translation>向对方提问</translation>
        </message>
        <message>
            <source>Offer of help</source>
            <translation>主动帮忙</translation>
        </message>
        <message>
            <source>Filler</source>
            <translation>填充词</translation>
        </message>
        <message>
            <source>Hedge</source>
            <translation>含糊词</translation>
        </message>
        <message>
            <source>Jargon</source>
            <translation>术语</translation>
        </message>
        <message>
            <source>I / me / we</source>
            <translation>我 / 我们</translation>
        </message>
        <message>
            <source>You / your</source>
            <translation>你 / 你的</translation>
        </message>
        <message>
            <source>Question</source>
            <translation>提问</translation>
        </message>
        <message>
            <source>Over time</source>
            <translation>超时</translation>
        </message>
        <message>
            <source>words</source>
            <translation>词</translation>
        </message>
        <message>
            <source>characters</source>
            <translation>字</translation>
        </message>
        <message>
            <source>words per minute</source>
            <translation>词/分钟</translation>
        </message>
        <message>
            <source>Not started</source>
            <translation>未开始</translation>
        </message>
        <message>
            <source>Practising</source>
            <translation>练习中</translation>
        </message>
        <message>
            <source>Mastered</source>
            <translation>已掌握</translation>
        </message>
    </context>
    <context>
        <name>desktop</name>
        <message>
            <source>About PitchCoach</source>
            <translation>关于 PitchCoach</translation>
        </message>
        <message>
            <source>Practise a 20-second networking introduction.&lt;br&gt;Speech is transcribed on this computer; nothing is sent anywhere.&lt;br&gt;&lt;br&gt;Your data: {folder}</source>
            <translation>练习 20 秒的社交自我介绍。&lt;br&gt;语音在本机上转写，不会发送到任何地方。&lt;br&gt;&lt;br&gt;你的数据：{folder}</translation>
        </message>
    </context>
    <context>
        <name>export</name>
        <message>
            <source>PDF document</source>
            <translation>PDF 文档</translation>
        </message>
        <message>
            <source>Web page (HTML)</source>
            <translation>网页 (HTML)</translation>
        </message>
        <message>
            <source>Markdown</source>
            <translation>Markdown</translation>
        </message>
        <message>
            <source>Spreadsheet data (CSV)</source>
            <translation>表格数据 (CSV)</translation>
        </message>
        <message>
            <source>Full data (JSON)</source>
            <translation>完整数据 (JSON)</translation>
        </message>
        <message>
            <source>Export failed</source>
            <translation>导出失败</translation>
        </message>
        <message>
            <source>Report saved</source>
            <translation>报告已保存</translation>
        </message>
        <message>
            <source>Saved {name}</source>
            <translation>已保存 {name}</translation>
        </message>
        <message>
            <source>In {folder}</source>
            <translation>位于 {folder}</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>打开</translation>
        </message>
        <message>
            <source>Show in folder</source>
            <translation>在文件夹中显示</translation>
        </message>
        <message>
            <source>Export take {id}</source>
            <translation>导出第 {id} 次练习</translation>
        </message>
        <message>
            <source>There are no takes between {first} and {last}. Choose a wider range, or record a take first.</source>
            <translation>{first} 至 {last} 之间没有练习。请选择更大的范围，或先录一次练习。</translation>
        </message>
        <message>
            <source>Select one or more takes in History first, then export them.</source>
            <translation>请先在“历史”中选择一次或多次练习，再导出。</translation>
        </message>
        <message>
            <source>Export progress report</source>
            <translation>导出进度报告</translation>
        </message>
    </context>
    <context>
        <name>history_chart</name>
        <message>
            <source>{d} {mon}</source>
            <translation>{m}月{d}日</translation>
        </message>
    </context>
    <context>
        <name>rehearsal_card</name>
        <message>
            <source>Counted as covered, in other words: you said {said} for {script}.</source>
            <translation>换了个说法，也算讲到了：你把{script}说成了{said}。</translation>
        </message>
        <message>
            <source>{coverage} of your key points covered ({covered} of {n}).</source>
            <translation>你讲到了 {coverage} 的要点（{n} 个中的 {covered} 个）。</translation>
        </message>
        <message>
            <source>Missed</source>
            <translation>遗漏</translation>
        </message>
        <message>
            <source>Said out of order</source>
            <translation>顺序不对</translation>
        </message>
        <message>
            <source>Added (not in your pitch)</source>
            <translation>额外内容（讲稿中没有）</translation>
        </message>
    </context>
    <context>
        <name>scenario_choice</name>
        <message>
            <source>your own target</source>
            <translation>你自己的目标时长</translation>
        </message>
        <message>
            <source> Required: {needs}.</source>
            <translation> 必须包含：{needs}。</translation>
        </message>
        <message>
            <source>; </source>
            <translation>；</translation>
        </message>
        <message>
            <source>{seconds} s</source>
            <translation>{seconds} 秒</translation>
        </message>
        <message>
            <source>{length}. {description}</source>
            <translation>{length}：{description}</translation>
        </message>
    </context>
    <context>
        <name>take_controller</name>
        <message>
            <source>The take could not be finished</source>
            <translation>无法完成这次练习</translation>
        </message>
    </context>
    <context>
        <name>team_page</name>
        <message>
            <source>This week</source>
            <translation>本周</translation>
        </message>
        <message>
            <source>Last 30 days</source>
            <translation>最近 30 天</translation>
        </message>
        <message>
            <source>Last 90 days</source>
            <translation>最近 90 天</translation>
        </message>
        <message>
            <source>All time</source>
            <translation>全部时间</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Takes</source>
            <translation>练习次数</translation>
        </message>
        <message>
            <source>Trend</source>
            <translation>趋势</translation>
        </message>
        <message>
            <source>Latest</source>
            <translation>最近</translation>
        </message>
        <message>
            <source>Scores</source>
            <translation>分数</translation>
        </message>
        <message>
            <source>Transcript</source>
            <translation>文字稿</translation>
        </message>
        <message>
            <source>Audio</source>
            <translation>录音</translation>
        </message>
        <message>
            <source>When</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>Overall</source>
            <translation>总分</translation>
        </message>
        <message>
            <source>Clarity</source>
            <translation>清晰度</translation>
        </message>
        <message>
            <source>Listener focus</source>
            <translation>听众导向</translation>
        </message>
        <message>
            <source>Shared</source>
            <translation>共享</translation>
        </message>
        <message>
            <source>Comments</source>
            <translation>评论</translation>
        </message>
    </context>
    <context>
        <name>team_settings</name>
        <message>
            <source>Nothing leaves this computer unless you share a take yourself.</source>
            <translation>除非你亲自分享某次练习，否则任何内容都不会离开本机。</translation>
        </message>
        <message>
            <source>Your team sees each take's date, scores and which rules cost points, not what you said.</source>
            <translation>团队能看到每次练习的日期、得分以及在哪些规则上失分，但看不到你说的内容。</translation>
        </message>
        <message>
            <source>Your team also sees the words you said and the tips.</source>
            <translation>团队还能看到你说的话和改进建议。</translation>
        </message>
        <message>
            <source>Your team can also play your recording (compressed).</source>
            <translation>团队还能播放你的录音（压缩版）。</translation>
        </message>
        <message>
            <source>Nothing</source>
            <translation>不分享</translation>
        </message>
        <message>
            <source>Scores and issues</source>
            <translation>得分和问题</translation>
        </message>
        <message>
            <source>Scores, issues and transcript</source>
            <translation>得分、问题和文字稿</translation>
        </message>
        <message>
            <source>Scores, issues, transcript and audio</source>
            <translation>得分、问题、文字稿和音频</translation>
        </message>
    </context>
    <context>
        <name>transcript_view</name>
        <message>
            <source>A filler word (Fillers rule): try a silent pause instead.</source>
            <translation>填充词（填充词规则）：试着用无声的停顿代替。</translation>
        </message>
        <message>
            <source>Jargon, buzzword or unexplained acronym (Plain language rule): say what you mean.</source>
            <translation>术语、流行语或未解释的缩写（用词平实规则）：直接说出你的意思。</translation>
        </message>
        <message>
            <source>A hedge that makes you sound unsure (Plain language rule): drop it.</source>
            <translation>让你听起来不确定的含糊词（用词平实规则）：去掉它。</translation>
        </message>
        <message>
            <source>A question to the listener (Asks about them rule): good.</source>
            <translation>向听众提问（询问对方规则）：很好。</translation>
        </message>
        <message>
            <source>About the listener: you, your (You/I balance rule).</source>
            <translation>关于听众：你、你的（你/我平衡规则）。</translation>
        </message>
        <message>
            <source>About you: I, me, my, we (You/I balance rule).</source>
            <translation>关于你自己：我、我的、我们（你/我平衡规则）。</translation>
        </message>
        <message>
            <source>Spoken past the end of the on-target range (Timing).</source>
            <translation>超出达标时长范围后说的话（时长）。</translation>
        </message>
        <message>
            <source>{t} s: click to play from here</source>
            <translation>{t} 秒：点击从这里播放</translation>
        </message>
    </context>
    <context>
        <name>voice_strip</name>
        <message>
            <source>flat</source>
            <translation>平淡</translation>
        </message>
        <message>
            <source>trailed off</source>
            <translation>句尾弱</translation>
        </message>
        <message>
            <source>uh?</source>
            <translation>迟疑？</translation>
        </message>
        <message>
            <source>drawn out</source>
            <translation>拖音</translation>
        </message>
    </context>
</TS>